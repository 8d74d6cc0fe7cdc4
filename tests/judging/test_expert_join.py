"""The invitation's link (judging.experts.onboarding.JoinView): its states, a new account
for the invited address, an existing account, another account signed in, a second click."""

from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress

from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from accounts.models import User
from judging.models import ExpertInvitation, JudgeProfile
from nominations.models import Category
from tests.factories import PASSWORD, ExpertInvitationFactory, JudgeProfileFactory, UserFactory

NEW_PASSWORD = "a long and unusual passphrase 42"
PROFILE_STEP = reverse("judging:expert_join_profile")
TOTP_SETUP = f"{reverse('mfa_activate_totp')}?{urlencode({'next': PROFILE_STEP})}"


def join_url(invitation):
    return reverse("judging:expert_join", args=[invitation.token])


def account_form(**overrides):
    return {
        "first_name": "Mei",
        "last_name": "Lin",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "preferred_language": "en",
        **overrides,
    }


@pytest.fixture
def invitation(db):
    invitation = ExpertInvitationFactory(
        email="Mei.Lin@Institute.example.edu", name="Mei Lin", language="en", organisation="Hydrogen Institute"
    )
    invitation.expertise.set([Category.objects.get(code="TEC")])
    return invitation


# The link's states


@pytest.mark.django_db
def test_an_unknown_token_is_a_404(client):
    assert client.get(reverse("judging:expert_join", args=["not-a-token"])).status_code == 404
    assert client.post(reverse("judging:expert_join", args=["x" * 200]), account_form()).status_code == 404


@pytest.mark.django_db
def test_a_withdrawn_invitation_says_so_and_creates_nothing(client, invitation):
    ExpertInvitation.objects.filter(pk=invitation.pk).update(revoked_at=timezone.now())
    response = client.get(join_url(invitation))
    assert response.status_code == 410
    assert "Invitation withdrawn" in response.text
    assert 'name="password1"' not in response.text
    assert client.post(join_url(invitation), account_form()).status_code == 302
    assert not User.objects.filter(email__iexact=invitation.email).exists()


@pytest.mark.django_db
def test_an_expired_invitation_says_the_office_can_resend_it(client, invitation):
    with time_machine.travel(invitation.expires_at + timedelta(minutes=1), tick=False):
        response = client.get(join_url(invitation))
        assert response.status_code == 410
        assert "Invitation expired" in response.text
        assert "The awards office can send you a new one" in response.text
        assert 'name="password1"' not in response.text
        client.post(join_url(invitation), account_form())
    assert not User.objects.filter(email__iexact=invitation.email).exists()


@pytest.mark.django_db
def test_a_minute_before_it_expires_the_link_still_opens_the_form(client, invitation):
    with time_machine.travel(invitation.expires_at - timedelta(minutes=1), tick=False):
        response = client.get(join_url(invitation))
    assert response.status_code == 200
    assert 'name="password1"' in response.text


@pytest.mark.django_db
def test_an_accepted_invitation_points_to_signing_in(client, invitation, settings):
    settings.PAGE_CACHE_SECONDS = 300
    ExpertInvitation.objects.filter(pk=invitation.pk).update(accepted_at=timezone.now())
    response = client.get(join_url(invitation))
    assert response.status_code == 200
    assert "Invitation accepted" in response.text
    assert f"{reverse('account_login')}?next={reverse('judging:dashboard')}" in response.text
    # Not kept by the page cache (nor a browser): the link's page changes with the invitation.
    assert "no-store" in response["Cache-Control"]
    assert "X-Page-Cache" not in client.get(join_url(invitation))


@pytest.mark.django_db
def test_the_page_is_in_the_invitations_language_unless_the_visitor_chose_one(client, invitation):
    ExpertInvitation.objects.filter(pk=invitation.pk).update(language="zh-hans")
    response = client.get(join_url(invitation), HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "zh-hans"
    assert '<html lang="zh-hans">' in response.text
    client.cookies["django_language"] = "en"
    response = client.get(join_url(invitation), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response["Content-Language"] == "en"
    assert "Join the expert pool" in response.text


# A new account


@pytest.mark.django_db
def test_the_form_shows_the_invited_address_fixed_and_the_name_split(client, invitation):
    response = client.get(join_url(invitation))
    assert response.status_code == 200
    form = response.context["form"]
    assert "email" not in form.fields
    assert form.initial == {"first_name": "Mei", "last_name": "Lin", "preferred_language": "en"}
    assert invitation.email in response.text


@pytest.mark.django_db
def test_a_chinese_name_is_split_family_name_first(client, invitation):
    ExpertInvitation.objects.filter(pk=invitation.pk).update(name="张伟")
    form = client.get(join_url(invitation)).context["form"]
    assert (form.initial["first_name"], form.initial["last_name"]) == ("伟", "张")


@pytest.mark.django_db
def test_a_new_account_is_verified_signed_in_and_not_in_the_pool_yet(client, invitation):
    response = client.post(join_url(invitation), account_form(email="attacker@example.net"))
    assert response.status_code == 302
    assert response["Location"] == TOTP_SETUP
    user = User.objects.get()
    assert user.email == "mei.lin@institute.example.edu"  # the invitation's, whatever was posted
    assert (user.first_name, user.last_name, user.preferred_language) == ("Mei", "Lin", "en")
    assert user.check_password(NEW_PASSWORD)
    assert list(EmailAddress.objects.values_list("user", "email", "verified", "primary")) == [
        (user.pk, user.email, True, True)
    ]
    assert int(client.session[SESSION_KEY]) == user.pk
    profile = JudgeProfile.objects.get(user=user)
    assert (profile.active, profile.joined_at, profile.organisation) == (False, None, "Hydrogen Institute")
    assert [c.code for c in profile.expertise.all()] == ["TEC"]
    assert not user.is_active_judge
    invitation.refresh_from_db()
    assert (invitation.user, invitation.accepted_at) == (user, None)


@pytest.mark.django_db
def test_two_factor_set_up_does_not_ask_for_the_password_just_chosen(client, invitation):
    client.post(join_url(invitation), account_form())
    response = client.get(TOTP_SETUP)
    assert response.status_code == 200
    assert "You are joining the expert pool." in response.text
    assert "step 2 of 3" in response.text


@pytest.mark.django_db
def test_a_second_click_creates_no_second_account(client, invitation):
    first = client.post(join_url(invitation), account_form())
    assert first["Location"] == TOTP_SETUP
    # The same browser, signed in by the first click, and another one still signed out.
    assert client.post(join_url(invitation), account_form()).status_code == 302
    other = client.__class__()
    response = other.post(join_url(invitation), account_form())
    assert (response.status_code, response["Location"]) == (302, join_url(invitation))
    assert "Sign in to continue" in other.get(join_url(invitation)).text
    assert User.objects.count() == 1
    assert JudgeProfile.objects.count() == 1
    assert EmailAddress.objects.count() == 1


@pytest.mark.django_db
def test_a_weak_or_mismatched_password_keeps_what_was_typed(client, invitation):
    response = client.post(join_url(invitation), account_form(password1="mei.lin", password2="mei.lin"))
    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
    assert 'value="Mei"' in response.text and 'value="Lin"' in response.text
    response = client.post(join_url(invitation), account_form(password2=NEW_PASSWORD + "!"))
    assert response.context["form"].errors == {"password2": ["The two passwords differ."]}
    assert not User.objects.exists()


@pytest.mark.django_db
def test_an_unverified_address_elsewhere_does_not_count_as_an_account(client, invitation):
    squatter = UserFactory(email="squatter@example.net")
    EmailAddress.objects.create(user=squatter, email=invitation.email.lower(), verified=False, primary=False)
    response = client.post(join_url(invitation), account_form())
    assert response["Location"] == TOTP_SETUP
    assert User.objects.get(email=invitation.email.lower()).judge_profile.active is False


# An existing account


@pytest.mark.django_db
def test_an_existing_account_is_asked_to_sign_in_and_comes_back(client, invitation):
    user = UserFactory(email=invitation.email.lower())
    response = client.get(join_url(invitation))
    login_url = f"{reverse('account_login')}?{urlencode({'next': join_url(invitation)})}"
    assert login_url.replace("&", "&amp;") in response.text
    assert client.post(join_url(invitation), account_form()).status_code == 302
    assert User.objects.count() == 1 and not user.check_password(NEW_PASSWORD)
    response = client.post(login_url, {"login": user.email, "password": PASSWORD})
    assert response["Location"] == join_url(invitation)
    response = client.get(join_url(invitation))
    assert "Accept the invitation" in response.text
    response = client.post(join_url(invitation))
    assert response["Location"] == TOTP_SETUP
    profile = JudgeProfile.objects.get(user=user)
    assert (profile.active, [c.code for c in profile.expertise.all()]) == (False, ["TEC"])
    invitation.refresh_from_db()
    assert (invitation.user, invitation.accepted_at) == (user, None)


@pytest.mark.django_db
def test_an_existing_inactive_profile_is_kept_and_an_account_with_two_factors_goes_to_the_profile(client, invitation):
    judge = JudgeProfileFactory(user__email=invitation.email.lower(), active=False, title="Dr")
    client.force_login(judge.user)
    response = client.post(join_url(invitation))
    assert response["Location"] == PROFILE_STEP
    assert JudgeProfile.objects.get() == judge
    judge.refresh_from_db()
    assert (judge.title, judge.active) == ("Dr", False)
    # Tied to the account now: the link leads on to the profile.
    assert client.get(join_url(invitation))["Location"] == PROFILE_STEP


@pytest.mark.django_db
def test_a_judge_already_in_the_pool_stays_in_it_while_accepting(client, invitation):
    judge = JudgeProfileFactory(user__email=invitation.email.lower())
    client.force_login(judge.user)
    assert "You are already in the expert pool" in client.get(join_url(invitation)).text
    assert client.post(join_url(invitation))["Location"] == PROFILE_STEP
    judge.refresh_from_db()
    assert judge.active


@pytest.mark.django_db
def test_another_account_signed_in_is_refused_and_nothing_changes(client, invitation):
    other = UserFactory(email="someone.else@example.net")
    client.force_login(other)
    response = client.get(join_url(invitation))
    assert response.status_code == 403
    assert "Another account is signed in" in response.text
    assert invitation.email not in response.text
    assert client.post(join_url(invitation)).status_code == 403
    assert client.post(join_url(invitation), account_form()).status_code == 403
    assert not JudgeProfile.objects.exists()
    invitation.refresh_from_db()
    assert invitation.user is None
    assert User.objects.count() == 1
    # Its button signs out and comes back to the link, signed out.
    response = client.post(reverse("account_logout"), {"next": join_url(invitation)})
    assert response["Location"] == join_url(invitation)
    assert 'name="password1"' in client.get(join_url(invitation)).text


@pytest.mark.django_db
def test_an_account_with_the_address_only_unverified_is_another_account(client, invitation):
    other = UserFactory(email="someone.else@example.net")
    EmailAddress.objects.create(user=other, email=invitation.email.lower(), verified=False, primary=False)
    client.force_login(other)
    assert client.post(join_url(invitation)).status_code == 403
    assert not JudgeProfile.objects.exists()


@pytest.mark.django_db
def test_someone_elses_token_with_a_judges_account_is_refused(client, invitation):
    judge = JudgeProfileFactory()
    client.force_login(judge.user)
    assert client.post(join_url(invitation)).status_code == 403
    invitation.refresh_from_db()
    assert invitation.user is None
    # Nor does the profile step open someone else's invitation.
    assert client.get(PROFILE_STEP).status_code == 403
