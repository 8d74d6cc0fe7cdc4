"""The public list of the expert pool: only experts who agreed to be listed
(JudgeProfile.listed_publicly) and who are in the pool by the one rule
(JudgeProfile.judging_filter). What it shows is what they agreed to: name, title,
organisation, kind of body, region, categories, fields of expertise and short bio; never
an email address. Filtered by category, region and kind of body (unknown values ignored)."""

from django.core.paginator import Paginator
from django.db.models import Prefetch

from judging.models import AffiliationKind, ExpertiseKeyword, JudgeProfile
from nominations.models import Category
from nominations.models.choices import Region

PER_PAGE = 30


def listed_experts():
    return (
        JudgeProfile.objects.filter(JudgeProfile.judging_filter(), listed_publicly=True)
        .select_related("user")
        .prefetch_related(
            Prefetch("expertise", queryset=Category.objects.all()),
            Prefetch("keywords", queryset=ExpertiseKeyword.objects.all()),
        )
        .order_by("user__last_name", "user__first_name", "pk")
    )


def _choice(value, allowed):
    value = (value or "").strip()
    return value if value in allowed else ""


def expert_listing(request):
    """One page of listed experts with the filters from the query string and their choices."""
    categories = list(Category.objects.all())
    category = _choice((request.GET.get("category") or "").upper(), {c.code for c in categories})
    region = _choice(request.GET.get("region"), set(Region.values))
    kind = _choice(request.GET.get("kind"), set(AffiliationKind.values))
    experts = listed_experts()
    if category:
        experts = experts.filter(expertise__code=category)
    if region:
        experts = experts.filter(region=region)
    if kind:
        experts = experts.filter(affiliation_kind=kind)
    page = Paginator(experts, PER_PAGE).get_page(request.GET.get("page"))
    return {
        "experts": page,
        "categories": categories,
        "regions": Region.choices,
        "kinds": AffiliationKind.choices,
        "selected_category": category,
        "selected_region": region,
        "selected_kind": kind,
        "filtered": bool(category or region or kind),
    }
