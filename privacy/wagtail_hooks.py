from django.contrib import messages
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from nominations.models import Nomination
from privacy import admin_views
from privacy.models import ErasureRecord, RetentionPolicy
from privacy.predicates import can_erase
from privacy.services import is_protected

admin_urls = [
    path("erase-user/<int:user_id>/", admin_views.EraseUserView.as_view(), name="erase_user"),
    path("erase-nomination/<int:nomination_id>/", admin_views.EraseNominationView.as_view(), name="erase_nomination"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("privacy/", include((admin_urls, "privacy_admin"), namespace="privacy_admin"))]


@hooks.register("before_delete_user")
def refuse_deleting_a_protected_user(request, user):
    """Someone whose nominations or judging record must stay cannot be deleted (the database
    protects those rows): point to erasure, which removes their personal data and keeps
    the record."""
    if is_protected(user):
        messages.error(
            request,
            _(
                "This account has nominations or a judging record that must be kept, so it cannot be "
                "deleted. Erase its personal data instead: the account is closed and its data removed."
            ),
        )
        return redirect("privacy_admin:erase_user", user.pk)
    return None


@hooks.register("register_user_listing_buttons")
def erase_button(user, request_user):
    if can_erase(request_user) and user.pk != request_user.pk:
        yield Button(_("Erase personal data"), reverse("privacy_admin:erase_user", args=[user.pk]), priority=90)


@hooks.register("register_snippet_listing_buttons")
def erase_nominee_button(snippet, user, next_url=None):
    if isinstance(snippet, Nomination) and can_erase(user):
        url = reverse("privacy_admin:erase_nomination", args=[snippet.pk])
        yield Button(_("Erase the nominee's data"), url, priority=90)


class RetentionPolicyViewSet(SnippetViewSet):
    model = RetentionPolicy
    icon = "time"
    menu_label = gettext_lazy("Retention")
    add_to_settings_menu = True
    list_display = ["cycle", "months_after_announcement"]


class ErasureRecordViewSet(SnippetViewSet):
    model = ErasureRecord
    icon = "bin"
    menu_label = gettext_lazy("Erasures")
    add_to_settings_menu = True
    list_display = ["done_at", "kind", "requested_by", "done_by", "reason"]
    inspect_view_enabled = True


register_snippet(RetentionPolicyViewSet)
register_snippet(ErasureRecordViewSet)
