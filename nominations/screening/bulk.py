"""Bulk accept, for a selection in the nominations listing."""

from django.contrib.admin.utils import quote
from django.shortcuts import get_list_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy, ngettext

from wagtail.admin import messages
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from nominations import predicates, services
from nominations.models import Nomination, NominationState
from nominations.screening import admin_nominations

S = NominationState


# Bulk accept ------------------------------------------------------------------------


class BulkAcceptAction(SnippetBulkAction):
    display_name = gettext_lazy("Accept")
    action_type = "accept"
    aria_label = gettext_lazy("Accept the selected nominations as eligible")
    template_name = "nominations/admin/confirm_bulk_accept.html"
    action_priority = 10
    models = [Nomination]

    accepted = ()
    skipped = ()

    def get_queryset(self, model, object_ids):
        # Wagtail declares this a classmethod but calls it on the instance: only what the
        # admin shows this user can be listed here (even as "no permission" items).
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

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        action = kwargs["self"]
        by_pk = {obj.pk: obj for obj in objects}
        accepted, skipped = services.bulk_accept(nomination_ids=list(by_pk), user=user)
        action.accepted = accepted
        action.skipped = [by_pk[pk] for pk in skipped if pk in by_pk]
        return len(accepted), len(skipped)

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
        return ngettext(
            "%(count)d nomination accepted as eligible. The nominator is told by email.",
            "%(count)d nominations accepted as eligible. Their nominators are told by email.",
            num_parent_objects,
        ) % {"count": num_parent_objects}
