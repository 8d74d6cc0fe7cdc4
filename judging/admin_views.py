"""Admin views for judging: the rounds' listing (dates as written, in the site's time
zone), a round's page with its actions (assign automatically per category, close the
round, copy a rubric from an earlier round). The state changes go through
judging.assignment, judging.services and judging.rubrics."""

from collections import Counter

from django.conf import settings
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import FormView

from wagtail.admin import messages
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button
from wagtail.snippets.views.snippets import EditView, IndexView, InspectView

from core.permission import PredicateRequiredMixin
from judging import assignment_mix, rubrics, services
from judging.admin_forms import AssignCategoryForm, CloseRoundForm, CopyRubricForm
from judging.models import Assignment, AssignmentState, Panel, Round
from judging.predicates import manages_judging
from nominations.models import Category, Nomination

A = AssignmentState


# Rounds ---------------------------------------------------------------------------


class SiteDateColumn(Column):
    """A date and time as written, in the site's time zone (settings.TIME_ZONE). Wagtail's
    DateColumn says how long ago it was, which reads "Just now" for any future date, such
    as a round that closes in two weeks."""

    cell_template_name = "judging/admin/date_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["zone"] = settings.TIME_ZONE
        return context


class RoundIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.inspect_url_name and manages_judging(self.request.user):
            buttons.append(
                MenuItem(
                    _("Assign judges or close"),
                    url=reverse(self.inspect_url_name, args=[quote(instance.pk)]),
                    icon_name="group",
                    priority=5,
                )
            )
        return buttons


class RoundEditView(EditView):
    """The round's edit form, with "Copy a rubric from an earlier round" among its actions."""

    copy_rubric_url_name = None

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        if self.copy_rubric_url_name and manages_judging(self.request.user):
            buttons.append(
                Button(
                    _("Copy a rubric from an earlier round"),
                    url=reverse(self.copy_rubric_url_name, args=[quote(self.object.pk)]),
                    icon_name="copy",
                    priority=5,
                )
            )
        return buttons


def category_overview(round_):
    """Per category with a panel, nominations or assignments: what the round page shows.
    A fixed number of queries whatever the size of the round."""
    panels = {
        panel.category_id: panel
        for panel in Panel.objects.filter(cycle_id=round_.cycle_id)
        .select_related("chair__user")
        .annotate(member_count=Count("members"))
    }
    waiting = dict(
        Nomination.objects.filter(call__cycle_id=round_.cycle_id, state=round_.nomination_state)
        .order_by()
        .values_list("call__category")
        .annotate(count=Count("pk"))
    )
    work = {}
    for category_id, state, count in (
        Assignment.objects.filter(round=round_)
        .order_by()
        .values_list("nomination__call__category", "state")
        .annotate(count=Count("pk"))
    ):
        work.setdefault(category_id, Counter())[state] += count
    rows = []
    for category in Category.objects.all():
        if category.pk not in panels and category.pk not in waiting and category.pk not in work:
            continue
        counts = work.get(category.pk, Counter())
        args = [round_.pk, category.code]
        rows.append(
            {
                "category": category,
                "panel": panels.get(category.pk),
                "nominations": waiting.get(category.pk, 0),
                "assignments": sum(counts.values()),
                "submitted": counts[A.SUBMITTED],
                "unsubmitted": counts[A.ASSIGNED] + counts[A.IN_PROGRESS],
                "panel_url": reverse("judging:panel", args=args),
                "results_url": reverse("judging:results", args=args),
            }
        )
    return rows


class RoundInspectView(InspectView):
    """The round's page: its facts and criteria, each category's state with "Assign
    automatically", links to the panel and results pages, and "Close round"."""

    assign_url_name = None
    close_url_name = None
    copy_rubric_url_name = None

    def get_object(self, queryset=None):
        return get_object_or_404(Round.objects.select_related("cycle", "closed_by"), pk=self.pk)

    def get_fields(self):
        return []  # the template lays the round out itself

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        round_ = self.object
        can_act = manages_judging(self.request.user)
        context.update(
            round=round_,
            criteria=list(round_.criteria.all()),
            categories=category_overview(round_),
            can_act=can_act,
            assign_url=reverse(self.assign_url_name, args=[quote(round_.pk)]) if can_act else None,
            close_url=reverse(self.close_url_name, args=[quote(round_.pk)]) if can_act else None,
            copy_rubric_url=reverse(self.copy_rubric_url_name, args=[quote(round_.pk)])
            if can_act and not rubrics.copy_refusal(round_)
            else None,
            close_form=CloseRoundForm(),
            methodology_url=reverse("judging:methodology", args=[round_.cycle_id]),
            rubric_versions=list(round_.rubric_versions.select_related("created_by").order_by("number")),
            audit_url=reverse("judging:round_audit", args=[round_.pk]) if can_act else None,
        )
        return context


class RoundActionMixin(PredicateRequiredMixin):
    """Awards administrators only (403 for anyone else); the round in the URL (404)."""

    predicate = manages_judging
    denied = PermissionDenied
    inspect_url_name = None

    @cached_property
    def round(self):
        return get_object_or_404(Round.objects.select_related("cycle"), pk=self.kwargs["pk"])

    @cached_property
    def inspect_url(self):
        return reverse(self.inspect_url_name, args=[quote(self.round.pk)])


def shortfall_message(shortfalls):
    items = sorted(shortfalls.items(), key=lambda item: (item[0].reference or "", item[0].pk))
    details = ", ".join(
        ngettext("%(ref)s (%(missing)d judge missing)", "%(ref)s (%(missing)d judges missing)", missing)
        % {"ref": nomination.reference, "missing": missing}
        for nomination, missing in items
    )
    return ngettext(
        "%(count)d nomination is short of judges: %(details)s. Add judges with this expertise to the panel, "
        "or assign by hand.",
        "%(count)d nominations are short of judges: %(details)s. Add judges with this expertise to the panel, "
        "or assign by hand.",
        len(items),
    ) % {"count": len(items), "details": details}


class AssignRoundView(RoundActionMixin, View):
    """POST: assigns judges automatically in one category (judging.assignment.assign)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        form = AssignCategoryForm(request.POST)
        if not form.is_valid():
            messages.error(request, form.errors["category"][0])
            return redirect(self.inspect_url)
        category = form.cleaned_data["category"]
        if self.round.closed_at:
            messages.error(request, _("This round is closed: nothing more can be assigned."))
            return redirect(self.inspect_url)
        try:
            plan = services.assign_round(round_=self.round, category=category)
        except IntegrityError:
            messages.error(
                request,
                _(
                    "%(category)s: another assignment of this round was saved at the same time. "
                    "Nothing was changed; try again."
                )
                % {"category": category.display_name},
            )
            return redirect(self.inspect_url)
        if plan.created:
            messages.success(
                request,
                ngettext(
                    "%(category)s: %(count)d assignment created. Each judge with new work will be told by email.",
                    "%(category)s: %(count)d assignments created. Each judge with new work will be told by email.",
                    plan.created,
                )
                % {"category": category.display_name, "count": plan.created},
            )
        else:
            messages.info(request, _("%(category)s: nothing new to assign.") % {"category": category.display_name})
        if mix := assignment_mix.summary(plan):
            messages.info(request, mix)
        if plan.conflicts:
            messages.warning(
                request,
                ngettext(
                    "%(count)d conflict of interest was found and kept apart.",
                    "%(count)d conflicts of interest were found and kept apart.",
                    len(plan.conflicts),
                )
                % {"count": len(plan.conflicts)},
            )
        if plan.shortfalls:
            messages.warning(request, shortfall_message(plan.shortfalls))
        if full := assignment_mix.capacity_warning(plan):
            messages.warning(request, full)
        if not plan.connected:
            messages.warning(
                request,
                _(
                    "The judges of this panel share no nominations in %(count)d groups: severity cannot be compared "
                    "across them; results will fall back to raw means."
                )
                % {"count": plan.components},
            )
        return redirect(self.inspect_url)


class CloseRoundView(RoundActionMixin, WagtailAdminTemplateMixin, FormView):
    """Closes the round (services.close_round); with unscored work, only with a reason."""

    form_class = CloseRoundForm
    template_name = "judging/admin/close_round.html"
    page_title = gettext_lazy("Close round")
    header_icon = "lock"
    index_url_name = None

    def get_page_subtitle(self):
        return str(self.round)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": capfirst(Round._meta.verbose_name_plural)},
            {"url": self.inspect_url, "label": str(self.round)},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def form_valid(self, form):
        try:
            round_, unscored = services.close_round(
                round_id=self.round.pk, user=self.request.user, override_reason=form.cleaned_data["override_reason"]
            )
        except services.JudgingError as error:
            form.add_error("override_reason", str(error))
            return self.form_invalid(form)
        if unscored:
            message = ngettext(
                "%(round)s is closed with %(count)d assignment not submitted; your reason is recorded.",
                "%(round)s is closed with %(count)d assignments not submitted; your reason is recorded.",
                unscored,
            ) % {"round": round_, "count": unscored}
        else:
            message = _("%(round)s is closed: every assignment was submitted or recused.") % {"round": round_}
        messages.success(self.request, message)
        return redirect(self.inspect_url)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        stats = Assignment.objects.filter(round=self.round).aggregate(
            total=Count("pk"), unscored=Count("pk", filter=Q(state__in=[A.ASSIGNED, A.IN_PROGRESS]))
        )
        context.update(round=self.round, stats=stats, cancel_url=self.inspect_url, action_url=self.request.path)
        return context


class CopyRubricView(RoundActionMixin, WagtailAdminTemplateMixin, FormView):
    """Copies another round's rubric into this one (judging.rubrics.copy_rubric), in two
    steps: choose the round, then confirm that this round's criteria are replaced."""

    form_class = CopyRubricForm
    template_name = "judging/admin/copy_rubric.html"
    page_title = gettext_lazy("Copy a rubric from an earlier round")
    header_icon = "copy"
    index_url_name = None
    edit_url_name = None

    def get_page_subtitle(self):
        return str(self.round)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": capfirst(Round._meta.verbose_name_plural)},
            {"url": self.inspect_url, "label": str(self.round)},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "round_": self.round}

    def form_valid(self, form):
        source = form.cleaned_data["source"]
        refusal = rubrics.copy_refusal(self.round)
        if refusal:
            form.add_error(None, refusal)
            return self.form_invalid(form)
        if not form.cleaned_data["confirmed"]:
            return self.render_to_response(
                self.get_context_data(form=form, source=source, source_criteria=list(source.criteria.all()))
            )
        try:
            copies = rubrics.copy_rubric(source_id=source.pk, target_id=self.round.pk, user=self.request.user)
        except services.JudgingError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            ngettext(
                "%(count)d criterion copied from %(source)s, replacing the criteria this round had.",
                "%(count)d criteria copied from %(source)s, replacing the criteria this round had.",
                len(copies),
            )
            % {"count": len(copies), "source": source},
        )
        return redirect(reverse(self.edit_url_name, args=[quote(self.round.pk)]))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            round=self.round,
            criteria=list(self.round.criteria.all()),
            refusal=rubrics.copy_refusal(self.round),
            cancel_url=self.inspect_url,
            action_url=self.request.path,
        )
        return context
