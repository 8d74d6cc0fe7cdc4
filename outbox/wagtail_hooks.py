"""Outgoing email in the admin, for awards administrators only: what waits to be sent and
what finally failed (recipients, subject, the error, attempts, times; never the body), and
a retry for failed email. Nobody adds or edits a row here."""

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.views.generic.base import BaseOperationView
from wagtail.admin.views.generic.models import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from core.permission import PredicateRequiredMixin
from core.predicates import predicate
from outbox import services
from outbox.models import OutgoingEmail

ACTIONS = ("view", "retry", "delete")


class OutgoingEmailPolicy(ModelPermissionPolicy):
    """View, retry and delete, by permission (the migration 0002 gives them to awards
    administrators); nothing else can ever be granted, even to superusers."""

    def user_has_permission(self, user, action):
        return action in ACTIONS and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([action for action in actions if action in ACTIONS])


def outgoing_email_policy(model):
    return OutgoingEmailPolicy(model)


class OutgoingEmailIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().defer("message")


class OutgoingEmailInspectView(InspectView):
    template_name = "outbox/admin/inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        can_retry = self.object.status == OutgoingEmail.Status.FAILED and self.permission_policy.user_has_permission(
            self.request.user, "retry"
        )
        context["retry_url"] = reverse("outbox_email:retry", args=[self.object.pk]) if can_retry else None
        return context


@predicate
def may_retry(user, obj=None):
    return outgoing_email_policy(OutgoingEmail).user_has_permission(user, "retry")


class RetryView(PredicateRequiredMixin, BaseOperationView):
    model = OutgoingEmail
    success_url_name = "outbox_email:index"
    permission_policy = outgoing_email_policy(OutgoingEmail)
    predicate = may_retry
    denied = PermissionDenied  # Wagtail sends them back to its dashboard with a message

    def perform_operation(self):
        self.retried = services.retry(emails=[self.object])

    def get_success_message(self):
        return ngettext("%(count)d email is queued again.", "%(count)d emails are queued again.", self.retried) % {
            "count": self.retried
        }

    def get_success_url(self):
        return reverse(self.success_url_name)


class OutgoingEmailViewSet(ModelViewSet):
    model = OutgoingEmail
    icon = "mail"
    menu_label = _("Outgoing email")
    add_to_settings_menu = True
    url_prefix = "outbox"
    name = "outbox_email"
    index_view_class = OutgoingEmailIndexView
    inspect_view_class = OutgoingEmailInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    # Never routed (get_urlpatterns): the add and edit views only need a form to be built.
    form_fields = ["subject"]
    add_to_reference_index = False
    list_display = [
        Column("subject", label=_("Subject")),
        Column("recipients", label=_("Recipients")),
        StatusTagColumn(
            "status",
            label=_("Status"),
            accessor="get_status_display",
            sort_key="status",
            primary=lambda email: email.status == OutgoingEmail.Status.FAILED,
        ),
        Column("attempts", label=_("Attempts")),
        DateColumn("created_at", label=_("Queued"), sort_key="created_at"),
        DateColumn("failed_at", label=_("Failed"), sort_key="failed_at"),
    ]
    list_filter = ["status"]
    ordering = ["-created_at", "-pk"]
    inspect_view_fields = [
        "subject",
        "recipients",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "last_attempt_at",
        "next_attempt_at",
        "failed_at",
    ]

    @property
    def permission_policy(self):
        return outgoing_email_policy(self.model)

    def get_permissions_to_register(self):
        codenames = [f"{action}_outgoingemail" for action in ACTIONS]
        return super().get_permissions_to_register().filter(codename__in=codenames)

    def get_urlpatterns(self):
        allowed = {"index", "index_results", "delete", "inspect"}
        patterns = [p for p in super().get_urlpatterns() if p.name in allowed]
        return [*patterns, path("retry/<int:pk>/", RetryView.as_view(), name="retry")]


@hooks.register("register_admin_viewset")
def register_outgoing_email_viewset():
    return OutgoingEmailViewSet()
