"""The admin's "Pool at a glance" (Judging menu), for awards administrators: for a cycle, the
pool's experts per category, region and kind of body, the category by region table, the
gaps in plain words and a chart (judging.experts.coverage, judging.experts.pool_chart).
Registered in the Judging menu group by judging.wagtail_hooks."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView

from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from core.permission import PredicateRequiredMixin
from judging.experts.coverage import coverage
from judging.experts.pool_chart import pool_svg
from judging.models import CycleStatement
from judging.predicates import manages_judging
from nominations.models import AwardCycle
from nominations.queries import current_cycle

BY_KIND, BY_REGION = "kind", "region"


def gap_sentence(row):
    """A gap in plain words: "New materials: 2 experts available, 3 needed per nomination;
    4 nominations short"."""
    available = ngettext("%(count)d expert available", "%(count)d experts available", row.available) % {
        "count": row.available
    }
    needed = ngettext("%(count)d needed per nomination", "%(count)d needed per nomination", row.needed) % {
        "count": row.needed
    }
    # Whole sentences for the translators: Chinese punctuates them its own way.
    if not row.nominations:
        return _("%(category)s: %(available)s, %(needed)s") % {
            "category": row.category.display_name,
            "available": available,
            "needed": needed,
        }
    short = ngettext(
        "%(short)d of %(count)d nomination short",
        "%(short)d of %(count)d nominations short",
        row.nominations,
    ) % {"short": row.short, "count": row.nominations}
    return _("%(category)s: %(available)s, %(needed)s; %(short)s") % {
        "category": row.category.display_name,
        "available": available,
        "needed": needed,
        "short": short,
    }


class PoolView(PredicateRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """Awards administrators only; anyone else is sent back to the admin's dashboard with a
    message, as Wagtail answers a PermissionDenied."""

    predicate = manages_judging
    denied = PermissionDenied
    template_name = "judging/admin/pool.html"
    page_title = gettext_lazy("Pool at a glance")
    header_icon = "table"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def chosen(self, cycles):
        wanted = self.request.GET.get("cycle")
        if not wanted:
            return current_cycle()
        found = next((cycle for cycle in cycles if str(cycle.pk) == wanted), None)
        if found is None:
            raise Http404
        return found

    def get_context_data(self, **kwargs):
        cycles = list(AwardCycle.objects.order_by("-year"))
        cycle = self.chosen(cycles)
        by_region = self.request.GET.get("by") == BY_REGION
        pool = coverage(cycle)
        rows = [
            (row.category.code, row.category.display_name, row.by_region if by_region else row.by_kind)
            for row in pool.categories
        ]
        title = _("Experts per category, by region") if by_region else _("Experts per category, by kind of body")
        for row in pool.categories:
            row.sentence = gap_sentence(row) if row.is_gap else ""
        statements_url = reverse(CycleStatement.snippet_viewset.get_url_name("list"))
        if cycle is not None:
            statements_url += "?" + urlencode({"cycle": cycle.pk, "confirmed": "false"})
        return super().get_context_data(
            statements_url=statements_url,
            cycles=cycles,
            cycle=cycle,
            pool=pool,
            by_region=by_region,
            by_param=BY_REGION if by_region else BY_KIND,
            chart=pool_svg(rows, pool.regions if by_region else pool.kinds, title=title),
            chart_title=title,
            chart_columns=pool.regions if by_region else pool.kinds,
            chart_rows=[(label, buckets, sum(b.count for b in buckets)) for _code, label, buckets in rows],
            **kwargs,
        )


class AdministratorsMenuItem(MenuItem):
    def is_shown(self, request):
        return manages_judging(request.user)


class PoolViewSet(ViewSet):
    """The page as an item of the Judging menu group."""

    name = "expert_pool_coverage"
    icon = "table"
    menu_label = gettext_lazy("Pool at a glance")

    @property
    def menu_item_class(self):
        return AdministratorsMenuItem

    def get_urlpatterns(self):
        return [path("", PoolView.as_view(), name="index")]
