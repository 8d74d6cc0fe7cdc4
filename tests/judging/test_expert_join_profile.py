"""After the account: two factors, then the expert profile that puts the expert in the pool
(judging.experts.onboarding), and the same profile edited later."""

import time
from datetime import timedelta

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from django.core import mail
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.http import urlencode

from accounts.mfa import activate_totp, reachable_without_mfa
from accounts.models import User
from judging.experts import onboarding_services
from judging.models import ExpertInvitation, ExpertiseKeyword, JudgeProfile
from nominations.models import Category
from tests.factories import AwardCycleFactory, ExpertInvitationFactory, JudgeProfileFactory, UserFactory

PASSWORD = "a long and unusual passphrase 42"
PROFILE_STEP = reverse("judging:expert_join_profile")
NOW = timezone.make_aware(timezone.datetime(2026, 3, 2, 10, 0))


def join_url(invitation):
    return reverse("judging:expert_join", args=[invitation.token])


def create_account(client, invitation):
    data = {"first_name": "Mei", "last_name": "Lin", "password1": PASSWORD, "password2": PASSWORD}
    response = client.post(join_url(invitation), {**data, "preferred_language": "en"})
    assert response.status_code == 302
    return User.objects.get(email=invitation.email)


def profile_form(**overrides):
    return {
        "title": "Professor",
        "organisation": "Hydrogen Institute",
        "affiliation_kind": "research_institute",
        "region": "jing_jin_ji",
        "expertise": [Category.objects.get(code="TEC").pk],
        "keywords": [],
        "languages": ["en", "zh-hans"],
        "bio": "Fuel cells for heavy vehicles.",
        **overrides,
    }


@pytest.fixture
def inviter(db):
    return UserFactory(email="office@example.net", preferred_language="en", is_superuser=True)


@pytest.fixture
def invitation(inviter):
    invitation = ExpertInvitationFactory(
        email="mei.lin@institute.example.edu", name="Mei Lin", language="en", invited_by=inviter
    )
    invitation.expertise.set([Category.objects.get(code="TEC")])
    return invitation


@pytest.fixture
def joining(client, invitation):
    """A new account, signed in, with two factors set up: at the profile step."""
    user = create_account(client, invitation)
    activate_totp(user)
    return user


@pytest.mark.django_db
def test_the_profile_step_asks_for_two_factors_first(client, invitation):
    user = create_account(client, invitation)
    assert not reachable_without_mfa(resolve(PROFILE_STEP))
    setup = f"{reverse('mfa_activate_totp')}?{urlencode({'next': PROFILE_STEP})}"
    assert client.get(PROFILE_STEP)["Location"] == setup
    assert client.post(PROFILE_STEP, profile_form())["Location"] == setup
    # The link itself, too, once the account has a judge profile.
    assert client.get(join_url(invitation))["Location"].startswith(reverse("mfa_activate_totp"))
    profile = JudgeProfile.objects.get(user=user)
    assert (profile.active, profile.title) == (False, "")


@pytest.mark.django_db
def test_after_setting_up_two_factors_the_codes_page_leads_back_to_the_profile(client, invitation):
    create_account(client, invitation)
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post(reverse("mfa_activate_totp"), {"code": code})
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    page = client.get(response["Location"]).text
    assert "Two-factor authentication is set up." in page
    assert f'href="{PROFILE_STEP}"' in page
    assert client.get(PROFILE_STEP).status_code == 200


@pytest.mark.django_db
def test_the_profile_starts_from_the_invitation(client, invitation, joining):
    form = client.get(PROFILE_STEP).context["form"]
    assert form.initial["languages"] == ["en"]
    assert [c.code for c in form.initial["expertise"]] == ["TEC"]
    assert form.fields["listed_publicly"].initial is False
    assert "keywords" not in form.fields  # none curated yet: no empty list of boxes


@pytest.mark.django_db
def test_fields_of_expertise_are_in_the_pages_language(client, invitation, joining):
    ExpertiseKeyword.objects.create(name_zh_hans="氢能", name_en="Hydrogen")
    assert "Hydrogen" in client.get(PROFILE_STEP).text
    client.cookies["django_language"] = "zh-hans"
    page = client.get(PROFILE_STEP).text
    assert "氢能" in page and "Hydrogen" not in page


@pytest.mark.django_db
def test_completing_the_profile_puts_the_expert_in_the_pool(
    client, invitation, joining, inviter, django_capture_on_commit_callbacks
):
    keyword = ExpertiseKeyword.objects.create(name_zh_hans="氢能", name_en="Hydrogen")
    mail.outbox.clear()
    ExpertInvitation.objects.filter(pk=invitation.pk).update(expires_at=NOW + timedelta(days=3))
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        response = client.post(PROFILE_STEP, profile_form(keywords=[keyword.pk], listed_publicly="on"))
    assert response["Location"] == reverse("judging:expert_welcome")
    profile = JudgeProfile.objects.get(user=joining)
    assert (profile.active, profile.joined_at, profile.title, profile.organisation) == (
        True,
        NOW,
        "Professor",
        "Hydrogen Institute",
    )
    assert (profile.affiliation_kind, profile.region, profile.languages) == (
        "research_institute",
        "jing_jin_ji",
        ["zh-hans", "en"],
    )
    assert (profile.bio, profile.listed_publicly) == ("Fuel cells for heavy vehicles.", True)
    assert list(profile.keywords.all()) == [keyword]
    assert list(JudgeProfile.objects.filter(JudgeProfile.judging_filter())) == [profile]
    assert list(joining.groups.values_list("name", flat=True)) == ["Judges"]
    invitation.refresh_from_db()
    assert (invitation.accepted_at, invitation.user) == (NOW, joining)
    [message] = mail.outbox
    assert message.to == [inviter.email]
    assert "Mei Lin joined the expert pool" in message.subject
    assert f"/admin/snippets/judging/judgeprofile/edit/{profile.pk}/" in message.body
    welcome = client.get(response["Location"])
    assert welcome.status_code == 200
    assert reverse("judging:dashboard") in welcome.text
    assert client.get(reverse("judging:dashboard")).status_code == 200


@pytest.mark.django_db
def test_the_inviter_is_told_in_their_own_language(
    client, invitation, joining, inviter, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=inviter.pk).update(preferred_language="zh-hans", first_name="伟", last_name="张")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(PROFILE_STEP, profile_form())
    [message] = mail.outbox
    assert message.body.startswith("尊敬的张伟")


@pytest.mark.django_db
def test_no_email_when_nobody_is_named_as_the_inviter(client, invitation, joining, django_capture_on_commit_callbacks):
    ExpertInvitation.objects.filter(pk=invitation.pk).update(invited_by=None)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(PROFILE_STEP, profile_form()).status_code == 302
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_welcome_page_leads_to_the_statement_for_the_current_cycle(client):
    judge = JudgeProfileFactory()
    client.force_login(judge.user)
    url = reverse("judging:expert_welcome")
    assert "Make your statement" not in client.get(url).text  # no cycle yet
    cycle = AwardCycleFactory()
    page = client.get(url).text
    assert f'href="{reverse("judging:expert_statement", args=[cycle.pk])}"' in page
    assert f'href="{reverse("judging:dashboard")}"' in page


@pytest.mark.django_db
def test_after_joining_the_link_and_the_step_are_spent(client, invitation, joining):
    client.post(PROFILE_STEP, profile_form())
    page = client.get(join_url(invitation))
    assert "Invitation accepted" in page.text
    assert 'name="password1"' not in page.text
    again = client.post(PROFILE_STEP, profile_form(title="Changed"))
    assert again.status_code == 403
    assert "You have already accepted your invitation" in again.text
    assert JudgeProfile.objects.get(user=joining).title == "Professor"
    client.logout()
    assert 'name="password1"' not in client.get(join_url(invitation)).text


@pytest.mark.django_db
def test_invalid_profile_input_keeps_what_was_typed_and_saves_nothing(client, invitation, joining):
    response = client.post(
        PROFILE_STEP,
        profile_form(title="Chief engineer", expertise=[], languages=[], region="", organisation="", bio="x" * 1001),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"expertise", "languages", "region", "organisation", "bio"}
    assert errors["expertise"] == ["Choose at least one category."]
    assert 'value="Chief engineer"' in response.text
    profile = JudgeProfile.objects.get(user=joining)
    assert (profile.active, profile.title, profile.joined_at) == (False, "", None)
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


@pytest.mark.django_db
def test_an_independent_expert_needs_no_organisation(client, invitation, joining):
    response = client.post(PROFILE_STEP, profile_form(affiliation_kind="independent", organisation=""))
    assert response.status_code == 302
    assert JudgeProfile.objects.get(user=joining).active


@pytest.mark.django_db
@pytest.mark.parametrize("closed", ["withdrawn", "expired"])
def test_an_invitation_closed_meanwhile_refuses_the_profile_and_changes_nothing(client, invitation, joining, closed):
    if closed == "withdrawn":
        ExpertInvitation.objects.filter(pk=invitation.pk).update(revoked_at=timezone.now())
        response = client.post(PROFILE_STEP, profile_form())
        assert "withdrawn" in response.text
    else:
        # Expiring while the expert fills the form in (well within their session's life).
        soon = timezone.now() + timedelta(minutes=5)
        ExpertInvitation.objects.filter(pk=invitation.pk).update(expires_at=soon)
        with time_machine.travel(soon + timedelta(seconds=1), tick=False):
            response = client.post(PROFILE_STEP, profile_form())
        assert "expired" in response.text
    assert response.status_code == 403
    profile = JudgeProfile.objects.get(user=joining)
    assert (profile.active, profile.title) == (False, "")


@pytest.mark.django_db
def test_the_service_refuses_an_invitation_withdrawn_after_the_page_checked(invitation, client, joining):
    stale = ExpertInvitation.objects.get(pk=invitation.pk)
    ExpertInvitation.objects.filter(pk=invitation.pk).update(revoked_at=timezone.now())
    form_data = {"title": "Professor", "organisation": "X", "affiliation_kind": "university", "region": "other"}
    data = {**form_data, "bio": "", "listed_publicly": False, "languages": ["en"], "expertise": [], "keywords": []}
    with pytest.raises(onboarding_services.JoinError):
        onboarding_services.complete_profile(invitation=stale, user=joining, data=data)
    assert not JudgeProfile.objects.get(user=joining).active


@pytest.mark.django_db
def test_the_profile_step_is_for_signed_in_experts_with_an_invitation_only(client, invitation):
    response = client.get(PROFILE_STEP)
    assert response["Location"].startswith(reverse("account_login"))
    nominator = UserFactory()
    client.force_login(nominator)
    response = client.get(PROFILE_STEP)
    assert response.status_code == 403
    assert "No invitation is waiting" in response.text


@pytest.mark.django_db
def test_an_expert_in_the_pool_edits_their_profile(client):
    judge = JudgeProfileFactory(joined_at=NOW)
    client.force_login(judge.user)
    url = reverse("judging:expert_profile")
    assert client.get(url).status_code == 200
    response = client.post(url, profile_form(title="Emeritus professor", languages=["zh-hans"]))
    assert response["Location"] == url
    judge.refresh_from_db()
    assert (judge.title, judge.languages, judge.active, judge.joined_at) == (
        "Emeritus professor",
        ["zh-hans"],
        True,
        NOW,
    )
    response = client.post(url, profile_form(title="Not saved", expertise=[]))
    assert response.status_code == 200
    judge.refresh_from_db()
    assert judge.title == "Emeritus professor"


@pytest.mark.django_db
def test_the_expert_profile_page_is_for_judges_only(client):
    url = reverse("judging:expert_profile")
    assert client.get(url)["Location"].startswith(reverse("account_login"))
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    assert client.post(url, profile_form()).status_code == 403
    assert not JudgeProfile.objects.exists()


@pytest.mark.django_db
def test_accepting_joins_the_panels_of_the_invitations_categories_the_expert_names(client, invitation, joining):
    from judging.models import Panel

    tec, mat = Category.objects.get(code="TEC"), Category.objects.get(code="MAT")
    invitation.expertise.set([tec, mat])
    upcoming = AwardCycleFactory(year=2031)
    past = AwardCycleFactory(year=2019, announcement_at=timezone.now() - timedelta(days=30))
    joins = Panel.objects.create(cycle=upcoming, category=tec)
    not_named = Panel.objects.create(cycle=upcoming, category=mat)  # the expert did not name it
    announced_panel = Panel.objects.create(cycle=past, category=tec)
    other = Panel.objects.create(cycle=upcoming, category=Category.objects.get(code="INF"))
    response = client.post(PROFILE_STEP, profile_form(expertise=[tec.pk]))
    assert response.status_code == 302
    profile = JudgeProfile.objects.get(user=joining)
    assert list(profile.panel_memberships.all()) == [joins]
    for panel in (not_named, announced_panel, other):
        assert not panel.members.filter(pk=profile.pk).exists()


@pytest.mark.django_db
def test_the_judges_dashboard_links_to_their_expert_profile(client):
    judge = JudgeProfileFactory()
    activate_totp(judge.user)
    client.force_login(judge.user)
    page = client.get(reverse("judging:dashboard")).text
    assert f'href="{reverse("judging:expert_profile")}"' in page
