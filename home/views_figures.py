"""The public site's figures and expert pool: a cycle's figures, published with its results
(AwardCycle.is_announced; before that the page does not exist), the list of cycles whose
figures are out, and the experts who agreed to be listed.

All three are the same for every visitor in a language, so the page cache keeps them
(home.middleware) like any public page: a cycle's figures appear at its announcement because
a 404 is never stored and every kept page expires at the next announcement (home.page_expiry);
saving a cycle purges (PAGE_CACHE_PURGE_MODELS)."""

from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from home.bar_charts import bar_chart
from home.figures import announced_cycle, announced_cycles, cycle_figures
from home.public_pool import expert_listing


@require_safe
def figures_index(request):
    return TemplateResponse(request, "home/figures_index.html", {"cycles": list(announced_cycles())})


@require_safe
def cycle_figures_view(request, year):
    cycle = announced_cycle(year)
    if cycle is None:
        raise Http404(_("There are no published figures for this year."))
    figures = cycle_figures(cycle)
    charts = {
        "category": bar_chart(
            figures.by_category,
            chart_id="chart-category",
            title=_("Nominations per category"),
            description=_(
                "One bar per category, as long as its number of nominations; the table below gives the numbers."
            ),
        ),
        "region": bar_chart(
            figures.by_region,
            chart_id="chart-region",
            title=_("Nominations per region"),
            description=_("One bar per region the innovations come from; the table below gives the numbers."),
        ),
        "kind": bar_chart(
            figures.experts_by_kind,
            chart_id="chart-kind",
            title=_("Experts by kind of body"),
            description=_("One bar per kind of body the experts belong to; the table below gives the numbers."),
        ),
    }
    return TemplateResponse(request, "home/cycle_figures.html", {"cycle": cycle, "figures": figures, "charts": charts})


@require_safe
def public_experts(request):
    return TemplateResponse(request, "home/public_experts.html", expert_listing(request))
