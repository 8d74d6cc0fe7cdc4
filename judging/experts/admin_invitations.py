"""Invitations to the expert pool in the Wagtail admin (the "Judging" menu): the listing
with each invitation's state (filtered in the database), "Invite experts" (a pasted list or
a spreadsheet), and "Resend" and "Withdraw" (a confirmation page, then a POST). Awards
administrators only: every view here is on the one permission mixin with
judging.predicates.manages_judging, and the viewset's permission policy asks the same
rule. The writes are judging.experts.invitations'."""

from django.contrib.admin.utils import quote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView

from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.snippets.views.snippets import IndexView, InspectView, SnippetViewSet

from accounts.roles import AWARDS_ADMINISTRATORS
from core.permission import PredicateRequiredMixin
from judging.admin_views import SiteDateColumn
from judging.experts import invitations
from judging.experts.invitation_forms import ConfirmForm, InvitationFilterSet, InviteExpertsForm
from judging.experts.invitation_queries import for_listing
from judging.models import ExpertInvitation, InvitationState
from judging.predicates import manages_judging

S = InvitationState


class AdministratorsPolicy(BasePermissionPolicy):
    """Only awards administrators see invitations (the one rule, manages_judging), and only
    to look: nothing is added, edited or deleted through Wagtail's own views."""

    def user_has_permission(self, user, action):
        return action == "view" and manages_judging(user)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return get_user_model().objects.none()
        return (
            get_user_model()
            .objects.filter(Q(is_superuser=True) | Q(groups__name=AWARDS_ADMINISTRATORS), is_active=True)
            .distinct()
        )


class AdministratorsOnly(PredicateRequiredMixin):
    """Awards administrators only: anyone else gets Wagtail's refusal (back to the dashboard)."""

    predicate = manages_judging
    denied = PermissionDenied


def action_buttons(invitation, resend_url_name, withdraw_url_name, now, button_class):
    """ "Resend…" and "Withdraw…" where the invitation's state allows them."""
    state = invitation.state_at(now)
    buttons = []
    if state in (S.PENDING, S.EXPIRED):
        args = [quote(invitation.pk)]
        buttons.append(
            button_class(_("Resend…"), url=reverse(resend_url_name, args=args), icon_name="mail", priority=5)
        )
        buttons.append(
            button_class(_("Withdraw…"), url=reverse(withdraw_url_name, args=args), icon_name="cross", priority=6)
        )
    return buttons


class InvitationIndexView(AdministratorsOnly, IndexView):
    invite_url_name = None
    resend_url_name = None
    withdraw_url_name = None

    @cached_property
    def now(self):
        return timezone.now()

    @cached_property
    def header_buttons(self):
        return [HeaderButton(_("Invite experts"), url=reverse(self.invite_url_name), icon_name="mail")]

    def get_list_more_buttons(self, instance):
        return [
            *super().get_list_more_buttons(instance),
            *action_buttons(instance, self.resend_url_name, self.withdraw_url_name, self.now, MenuItem),
        ]


class InvitationInspectView(AdministratorsOnly, InspectView):
    resend_url_name = None
    withdraw_url_name = None

    def get_object(self, queryset=None):
        return get_object_or_404(for_listing(), pk=self.pk)

    def get_field_label(self, field_name, field):
        return _("State") if field_name == "state" else super().get_field_label(field_name, field)

    def get_state_display_value(self):
        return self.object.state.label

    @cached_property
    def header_more_buttons(self):
        return [
            *super().header_more_buttons,
            *action_buttons(self.object, self.resend_url_name, self.withdraw_url_name, timezone.now(), Button),
        ]


class InvitationFormView(AdministratorsOnly, WagtailAdminTemplateMixin, FormView):
    header_icon = "mail"
    index_url_name = None

    @cached_property
    def index_url(self):
        return reverse(self.index_url_name)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": self.index_url, "label": capfirst(ExpertInvitation._meta.verbose_name_plural)},
            {"url": "", "label": self.get_page_title()},
        ]


class InviteExpertsView(InvitationFormView):
    """Invites the experts of a pasted list or a spreadsheet; if any line is wrong, nothing
    is sent and every error is shown, with the list as it was pasted."""

    form_class = InviteExpertsForm
    template_name = "judging/admin/invite_experts.html"
    page_title = gettext_lazy("Invite experts")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "cancel_url": self.index_url, "action_url": self.request.path}

    def form_valid(self, form):
        data = form.cleaned_data
        created, skipped = invitations.invite_many(
            data["rows"],
            language=data["language"],
            categories=list(data["categories"]),
            organisation=data["organisation"],
            invited_by=self.request.user,
        )
        if created:
            messages.success(
                self.request,
                ngettext(
                    "%(count)d expert invited: the invitation is on its way.",
                    "%(count)d experts invited: the invitations are on their way.",
                    len(created),
                )
                % {"count": len(created)},
            )
        if skipped:
            messages.warning(
                self.request,
                ngettext("%(count)d skipped: %(reasons)s", "%(count)d skipped: %(reasons)s", len(skipped))
                % {"count": len(skipped), "reasons": " ".join(reason for _row, reason in skipped)},
            )
        return redirect(self.index_url)


class InvitationActionView(InvitationFormView):
    """GET: what the action does; POST: does it (judging.experts.invitations), or says why not."""

    form_class = ConfirmForm
    template_name = "judging/admin/invitation_action.html"
    inspect_url_name = None
    explanation = ""
    button_label = ""
    serious = False

    @cached_property
    def invitation(self):
        return get_object_or_404(ExpertInvitation, pk=self.kwargs["pk"])

    def get_page_subtitle(self):
        return str(self.invitation)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "invitation": self.invitation,
            "explanation": self.explanation,
            "button_label": self.button_label,
            "serious": self.serious,
            "cancel_url": self.index_url,
            "action_url": self.request.path,
        }

    def form_valid(self, form):
        try:
            self.act(self.invitation)
        except invitations.InvitationError as error:
            messages.error(self.request, str(error))
        return redirect(reverse(self.inspect_url_name, args=[quote(self.invitation.pk)]))


class ResendView(InvitationActionView):
    page_title = gettext_lazy("Resend the invitation")
    explanation = gettext_lazy(
        "A new email is sent with a new link, valid again from today; the link in the earlier email stops working."
    )
    button_label = gettext_lazy("Resend")

    def act(self, invitation):
        invitation = invitations.resend(invitation, by=self.request.user)
        messages.success(self.request, _("The invitation to %(email)s was sent again.") % {"email": invitation.email})


class WithdrawView(InvitationActionView):
    page_title = gettext_lazy("Withdraw the invitation")
    explanation = gettext_lazy("The link in the email stops working. You can invite the expert again later.")
    button_label = gettext_lazy("Withdraw")
    serious = True

    def act(self, invitation):
        invitation = invitations.revoke(invitation, by=self.request.user)
        messages.success(self.request, _("The invitation to %(email)s is withdrawn.") % {"email": invitation.email})


def state_tag(invitation):
    return invitation.state.label


class InvitationViewSet(SnippetViewSet):
    model = ExpertInvitation
    icon = "mail"
    menu_label = gettext_lazy("Invitations")
    copy_view_enabled = False
    inspect_view_enabled = True
    add_to_reference_index = False
    index_view_class = InvitationIndexView
    inspect_view_class = InvitationInspectView
    filterset_class = InvitationFilterSet
    search_fields = ["email", "name", "organisation"]
    search_backend_name = None
    list_per_page = 50
    list_display = [
        "email",
        "name",
        Column("language", label=gettext_lazy("Language"), accessor="get_language_display", sort_key="language"),
        "organisation",
        StatusTagColumn(
            "state",
            label=gettext_lazy("State"),
            accessor=state_tag,
            primary=lambda invitation: invitation.state == S.ACCEPTED,
        ),
        Column("send_count", label=gettext_lazy("Times sent"), sort_key="send_count"),
        SiteDateColumn("sent_at", label=gettext_lazy("Last sent"), sort_key="sent_at"),
        SiteDateColumn("expires_at", label=gettext_lazy("Expires"), sort_key="expires_at"),
        Column("invited_by", label=gettext_lazy("Invited by"), accessor="invited_by"),
        Column("user", label=gettext_lazy("Account"), accessor="user"),
    ]
    inspect_view_fields = [
        "email",
        "name",
        "language",
        "organisation",
        "expertise",
        "state",
        "created_at",
        "invited_by",
        "send_count",
        "sent_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
        "user",
    ]

    @cached_property
    def permission_policy(self):
        return AdministratorsPolicy(self.model)

    def register_chooser_viewset(self):
        pass  # nothing chooses an invitation

    def get_queryset(self, request):
        return for_listing()

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            **self.action_url_names(), invite_url_name=self.get_url_name("invite"), **kwargs
        )

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(**self.action_url_names(), **kwargs)

    def action_url_names(self):
        return {"resend_url_name": self.get_url_name("resend"), "withdraw_url_name": self.get_url_name("withdraw")}

    def action_view(self, view_class):
        return self.construct_view(
            view_class, index_url_name=self.get_url_name("list"), inspect_url_name=self.get_url_name("inspect")
        )

    def get_urlpatterns(self):
        conv = self.pk_path_converter
        return [
            *super().get_urlpatterns(),
            path(
                "invite/",
                self.construct_view(InviteExpertsView, index_url_name=self.get_url_name("list")),
                name="invite",
            ),
            path(f"resend/<{conv}:pk>/", self.action_view(ResendView), name="resend"),
            path(f"withdraw/<{conv}:pk>/", self.action_view(WithdrawView), name="withdraw"),
        ]


@hooks.register("register_log_actions")
def register_invitation_actions(actions):
    actions.register_action(invitations.INVITE_ACTION, gettext_lazy("Invite an expert"), gettext_lazy("Expert invited"))
    actions.register_action(
        invitations.RESEND_ACTION, gettext_lazy("Resend an invitation"), gettext_lazy("Invitation sent again")
    )
    actions.register_action(
        invitations.WITHDRAW_ACTION, gettext_lazy("Withdraw an invitation"), gettext_lazy("Invitation withdrawn")
    )
