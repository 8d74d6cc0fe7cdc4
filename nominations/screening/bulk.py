"""Bulk screening, for a selection in the nominations listing: accept, return for
amendment (one message and deadline for all), reject (one reason for all). The
confirmation page holds the form and says what happens at once and what cannot be undone;
nominations not waiting for screening are skipped and named."""

from django.contrib.admin.utils import quote
from django.shortcuts import get_list_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy, ngettext

from wagtail.admin import messages
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from nominations import predicates
from nominations.models import Nomination, NominationState
from nominations.screening import admin_nominations
from nominations.screening.forms import (
    ACCEPT_CONSEQUENCE,
    REJECT_CONSEQUENCE,
    RETURN_CONSEQUENCE,
    AcceptForm,
    RejectForm,
    ReturnForm,
)
from nominations.screening.services import bulk_screen

S = NominationState


class ScreeningBulkAction(SnippetBulkAction):
    template_name = "nominations/admin/confirm_bulk_screening.html"
    models = [Nomination]
    screening = None  # the action for services.screen
    consequence = ""
    title = ""
    yes_label = ""

    screened = ()
    skipped = ()

    def get_queryset(self, model, object_ids):
        # Wagtail declares this a classmethod but calls it on the instance: only what the
        # admin shows this user can be listed here (even as "no permission" items); any
        # other id (someone else's, a draft, not a number) is not found.
        ids = [pk for pk in object_ids if str(pk).isdigit()]
        return get_list_or_404(admin_nominations(self.request.user).order_by("reference"), pk__in=ids)

    def get_all_objects_in_listing_query(self, parent_id):
        # "Select all" acts on what is waiting for screening, nothing else.
        return admin_nominations(self.request.user).filter(state=S.SUBMITTED).values_list("pk", flat=True)

    def check_perm(self, obj):
        return predicates.can_screen(self.request.user, obj)

    def object_context(self, obj):
        inspect_url_name = obj.snippet_viewset.get_url_name("inspect")
        return {
            "item": obj,
            "edit_url": reverse(inspect_url_name, args=[quote(obj.pk)]),
            "state_label": obj.get_state_display(),
            "will_skip": obj.state != S.SUBMITTED,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            action_title=self.title,
            consequence=self.consequence,
            action_button_text=self.yes_label,
            action_button_class=" ".join(self.classes),
            will_act=sum(1 for item in context["items"] if not item["will_skip"]),
        )
        return context

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        action = kwargs["self"]
        data = action.cleaned_form.cleaned_data
        by_pk = {obj.pk: obj for obj in objects}
        screened, skipped = bulk_screen(
            nomination_ids=list(by_pk),
            user=user,
            action=action.screening,
            message=data.get("message", ""),
            deadline=data.get("deadline"),
        )
        action.screened = screened
        action.skipped = [by_pk[pk] for pk in skipped if pk in by_pk]
        return len(screened), len(skipped)

    def get_success_message(self, num_parent_objects, num_child_objects):
        if self.skipped:
            references = ", ".join(str(obj.reference) for obj in self.skipped)
            messages.warning(
                self.request,
                ngettext(
                    "%(count)d nomination was skipped because it is not waiting for screening: %(references)s.",
                    "%(count)d nominations were skipped because they are not waiting for screening: %(references)s.",
                    len(self.skipped),
                )
                % {"count": len(self.skipped), "references": references},
            )
        if not num_parent_objects:
            return None
        return self.done_message(num_parent_objects)

    def done_message(self, count):
        raise NotImplementedError


class BulkAcceptAction(ScreeningBulkAction):
    display_name = gettext_lazy("Accept")
    action_type = "accept"
    aria_label = gettext_lazy("Accept the selected nominations as eligible")
    action_priority = 10
    form_class = AcceptForm
    screening = "accept"
    consequence = ACCEPT_CONSEQUENCE
    title = gettext_lazy("Accept as eligible")
    yes_label = gettext_lazy("Yes, accept")

    def done_message(self, count):
        return ngettext(
            "%(count)d nomination accepted as eligible. The nominator is told by email.",
            "%(count)d nominations accepted as eligible. Their nominators are told by email.",
            count,
        ) % {"count": count}


class BulkReturnAction(ScreeningBulkAction):
    display_name = gettext_lazy("Return for amendment")
    action_type = "return"
    aria_label = gettext_lazy("Return the selected nominations for amendment, with one message")
    action_priority = 20
    form_class = ReturnForm
    screening = "return"
    consequence = RETURN_CONSEQUENCE
    title = gettext_lazy("Return for amendment")
    yes_label = gettext_lazy("Yes, return and email the nominators")

    def done_message(self, count):
        deadline = date_format(timezone.localtime(self.cleaned_form.cleaned_data["deadline"]), "DATETIME_FORMAT")
        return ngettext(
            "%(count)d nomination returned for amendment until %(date)s. The nominator is emailed your message.",
            "%(count)d nominations returned for amendment until %(date)s. Their nominators are emailed your message.",
            count,
        ) % {"count": count, "date": deadline}


class BulkRejectAction(ScreeningBulkAction):
    display_name = gettext_lazy("Reject")
    action_type = "reject"
    aria_label = gettext_lazy("Reject the selected nominations as ineligible, with one reason")
    action_priority = 30
    classes = {"serious"}
    form_class = RejectForm
    screening = "reject"
    consequence = REJECT_CONSEQUENCE
    title = gettext_lazy("Reject as ineligible")
    yes_label = gettext_lazy("Yes, reject and email the nominators")

    def done_message(self, count):
        return ngettext(
            "%(count)d nomination rejected as ineligible. The nominator is emailed the reason.",
            "%(count)d nominations rejected as ineligible. Their nominators are emailed the reason.",
            count,
        ) % {"count": count}


SCREENING_BULK_ACTIONS = (BulkAcceptAction, BulkReturnAction, BulkRejectAction)
