"""An invited expert's way into the pool, from the link in the invitation's email:

1. the join page (judging:expert_join, public, gated by the link's token): a new account
   for the invitation's address (the link verifies it), or signing in to the account that
   already has it, then "Join the expert pool"; either gives the account an inactive judge
   profile, which from then on needs two factors (accounts.middleware);
2. two factors: allauth's TOTP set-up page (mfa_activate_totp), which leads back here
   through the note on its pages (judging.templatetags.expert_join);
3. the profile (judging:expert_join_profile, for the account the invitation is tied to,
   with two factors): saving it puts the expert in the pool and accepts the invitation;
4. the welcome page (judging:expert_welcome).

An expert in the pool edits the same profile later on judging:expert_profile. The writes
are judging.experts.onboarding_services."""

from allauth.account.internal.flows.login import record_authentication

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from accounts.mfa import has_mfa
from core.locales import set_language_cookie
from core.permission import PredicateRequiredMixin
from core.predicates import predicate
from judging.experts import onboarding_services as services
from judging.experts.onboarding_forms import AccountForm, ProfileForm, split_name
from judging.experts.tokens import find_invitation
from judging.models import ExpertInvitation, InvitationState, JudgeProfile
from judging.predicates import is_judge
from nominations.queries import current_cycle

# allauth's backend (settings.AUTHENTICATION_BACKENDS), which signs in by email address.
ALLAUTH_BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


@predicate
def is_joining_expert(user, invitation=None):
    """Someone who took up an invitation on the join page and has not finished joining."""
    return invitation is not None and invitation.user_id == user.pk


def two_factor_setup(next_url):
    return redirect(f"{reverse('mfa_activate_totp')}?{urlencode({'next': next_url})}")


class InvitationLanguageMixin:
    """Shows the page in the invitation's language unless the visitor chose one of their own
    (the language cookie the site's language links set): the office writes to each expert in
    their language, and the link should open in the same one, whatever the browser's
    Accept-Language says. Keeping it to this rule means a visitor who switches language on
    the page gets theirs."""

    def page_language(self):
        invitation = self.get_invitation()
        chosen = self.request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) in dict(settings.LANGUAGES)
        if invitation is None or chosen or invitation.language not in dict(settings.LANGUAGES):
            return translation.get_language()
        return invitation.language

    def dispatch(self, request, *args, **kwargs):
        language = self.page_language()
        with translation.override(language):
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        response.headers["Content-Language"] = language
        # Never kept by the page cache or a browser: what the link opens changes with the
        # invitation's state, and the page is the expert's alone.
        add_never_cache_headers(response)
        return response


class JoinView(InvitationLanguageMixin, View):
    """The invitation's link. Public: the token is the key (an unknown one is a 404)."""

    def get_invitation(self):
        if not hasattr(self, "invitation"):
            self.invitation = find_invitation(self.kwargs["token"])
            if self.invitation is None:
                raise Http404
        return self.invitation

    def join_url(self):
        return reverse("judging:expert_join", args=[self.kwargs["token"]])

    def get(self, request, token):
        invitation = self.get_invitation()
        user = request.user
        if not invitation.is_pending:
            return self.closed(invitation)
        if user.is_authenticated:
            if invitation.user_id != user.pk and not services.holds_address(user, invitation.email):
                return self.wrong_account()
            if invitation.user_id == user.pk and JudgeProfile.objects.filter(user=user).exists():
                return redirect("judging:expert_join_profile")
            return self.render(
                "judging/experts/join_continue.html", {"judge_already": getattr(user, "is_active_judge", False)}
            )
        if services.account_for(invitation.email) is not None:
            login_url = f"{reverse('account_login')}?{urlencode({'next': self.join_url()})}"
            return self.render("judging/experts/join_sign_in.html", {"login_url": login_url})
        given, family = split_name(invitation.name)
        form = AccountForm(
            email=invitation.email,
            initial={"first_name": given, "last_name": family, "preferred_language": invitation.language},
        )
        return self.account_form(form)

    def post(self, request, token):
        invitation = self.get_invitation()
        if not invitation.is_pending:
            return redirect(self.join_url())  # the page says why
        if request.user.is_authenticated:
            return self.take_up(request, invitation)
        if services.account_for(invitation.email) is not None:
            return redirect(self.join_url())  # sign in first
        form = AccountForm(request.POST, email=invitation.email)
        if not form.is_valid():
            return self.account_form(form)
        data = form.cleaned_data
        try:
            user = services.create_account(
                invitation=invitation,
                first_name=data["first_name"],
                last_name=data["last_name"],
                password=data["password1"],
                language=data["preferred_language"],
            )
        except services.JoinError as error:
            # A second click of the button finds the first one's account: the page then asks
            # to sign in (or continues, if this browser is signed in by now).
            if not isinstance(error, services.AccountExists):
                messages.error(request, str(error))
            return redirect(self.join_url())
        login(request, user, backend=ALLAUTH_BACKEND)
        # The password was typed a moment ago, in this request: allauth need not ask for it
        # again before two factors are set up (its set-up page wants a recent sign-in).
        record_authentication(request, user, method="password", reauthenticated=True, email=user.email)
        messages.success(request, _("Your account is ready. Next, set up two-factor authentication."))
        response = self.next_step(user)
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            # The rest of the way (allauth's pages included) in the language they chose.
            set_language_cookie(response, user.preferred_language)
        return response

    def take_up(self, request, invitation):
        """A signed-in account takes up the invitation: only the one that holds its address."""
        user = request.user
        if invitation.user_id != user.pk and not services.holds_address(user, invitation.email):
            return self.wrong_account()
        try:
            services.link_account(invitation=invitation, user=user)
        except services.JoinError as error:
            messages.error(request, str(error))
            return redirect(self.join_url())
        return self.next_step(user)

    @staticmethod
    def next_step(user):
        if has_mfa(user):
            return redirect("judging:expert_join_profile")
        return two_factor_setup(reverse("judging:expert_join_profile"))

    def render(self, template, context=None, status=200):
        context = {"invitation": self.invitation, "join_url": self.join_url(), **(context or {})}
        return render(self.request, template, context, status=status)

    def account_form(self, form):
        return self.render("judging/experts/join_account.html", {"form": form, "email": self.invitation.email})

    def closed(self, invitation):
        state = invitation.state
        context = {
            "withdrawn": state == InvitationState.REVOKED,
            "expired": state == InvitationState.EXPIRED,
            "accepted": state == InvitationState.ACCEPTED,
            "is_theirs": self.request.user.is_authenticated and invitation.user_id == self.request.user.pk,
        }
        return self.render("judging/experts/join_closed.html", context, status=200 if context["accepted"] else 410)

    def wrong_account(self):
        """Signed in with another account: nothing changes; they sign out first."""
        return self.render("judging/experts/join_wrong_account.html", status=403)


class JoinProfileView(InvitationLanguageMixin, PredicateRequiredMixin, FormView):
    """The last step: the expert's profile, for the account the invitation is tied to, once
    two factors are set up (accounts.middleware asks first for everyone with a judge
    profile; asked here again in case the profile is gone). Saving it puts them in the pool."""

    predicate = is_joining_expert
    form_class = ProfileForm
    template_name = "judging/experts/join_profile.html"

    def get_invitation(self):
        if not hasattr(self, "invitation"):
            self.invitation = services.pending_invitation(self.request.user)
        return self.invitation

    def get_permission_object(self):
        return self.get_invitation()

    def permission_denied(self, request):
        """No invitation waiting for this account: it was accepted, withdrawn or expired, or
        another account took it up. Says which, for the account's newest invitation."""
        latest = ExpertInvitation.objects.filter(user=request.user).first()
        state = latest.state if latest else None
        context = {
            "accepted": state == InvitationState.ACCEPTED,
            "withdrawn": state == InvitationState.REVOKED,
            "expired": state == InvitationState.EXPIRED,
            "is_judge": request.user.is_active_judge,
        }
        return render(request, "judging/experts/join_nothing_pending.html", context, status=403)

    def get(self, request, *args, **kwargs):
        if not has_mfa(request.user):
            return two_factor_setup(request.get_full_path())
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not has_mfa(request.user):
            return two_factor_setup(request.get_full_path())
        return super().post(request, *args, **kwargs)

    def get_profile(self):
        if not hasattr(self, "profile"):
            user = self.request.user
            self.profile = JudgeProfile.objects.filter(user=user).first() or JudgeProfile(user=user, active=False)
        return self.profile

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_profile()}

    def get_initial(self):
        profile, invitation = self.get_profile(), self.invitation
        initial = {}
        if not profile.organisation:
            initial["organisation"] = invitation.organisation
        if not profile.languages:
            initial["languages"] = [invitation.language]
        if profile.pk is None or not profile.expertise.exists():
            initial["expertise"] = list(invitation.expertise.all())
        return initial

    def form_valid(self, form):
        try:
            services.complete_profile(invitation=self.invitation, user=self.request.user, data=form.cleaned_data)
        except services.JoinError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        return redirect("judging:expert_welcome")


class WelcomeView(PredicateRequiredMixin, TemplateView):
    """After joining: what comes next."""

    predicate = is_judge
    template_name = "judging/experts/join_welcome.html"

    def get_context_data(self, **kwargs):
        # Their statement for the current cycle (judging.views.statement), confirmed before
        # they score in it.
        cycle = current_cycle()
        if cycle is not None and cycle.is_announced(timezone.now()):
            cycle = None  # its statements are read only by now
        statement_url = reverse("judging:expert_statement", args=[cycle.pk]) if cycle else ""
        return {**super().get_context_data(**kwargs), "cycle": cycle, "statement_url": statement_url}


class ExpertProfileView(PredicateRequiredMixin, FormView):
    """An expert in the pool edits their own profile (the same form as when they joined)."""

    predicate = is_judge
    denied_template = "judging/judge/not_a_judge.html"
    form_class = ProfileForm
    template_name = "judging/experts/expert_profile.html"

    def get_form_kwargs(self):
        # A fresh copy: a refused form must not change the profile this request holds.
        return {**super().get_form_kwargs(), "instance": JudgeProfile.objects.get(user=self.request.user)}

    def form_valid(self, form):
        services.save_profile(profile=form.instance, data=form.cleaned_data)
        messages.success(self.request, _("Your expert profile is saved."))
        return redirect("judging:expert_profile")


urlpatterns = [
    path("experts/join/profile/", JoinProfileView.as_view(), name="expert_join_profile"),
    path("experts/join/<str:token>/", JoinView.as_view(), name="expert_join"),
    path("experts/welcome/", WelcomeView.as_view(), name="expert_welcome"),
    path("experts/profile/", ExpertProfileView.as_view(), name="expert_profile"),
]
