"""An awards administrator invites an expert from the admin; the expert follows the email's
link, creates their account, sets up two factors, completes their profile and confirms
their statement for the cycle; automatic assignment gives them a nomination, which they
score. Nobody creates an account by hand."""

import re

import pytest
from allauth.mfa.models import Authenticator

from django.core import mail
from django.urls import reverse

from wagtail.models import Site

from accounts.models import User
from judging.assignment import assign
from judging.models import Assignment, CycleStatement, ExpertInvitation, JudgeProfile
from tests.e2e.helpers import code_on_a_still_clock, field, sign_in_with_code
from tests.factories import CallIndexPageFactory
from tests.judging.helpers import World

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EXPERT = "mei.lin@delta-think-tank.example.org"
PASSWORD = "a long expert passphrase 2026"


def _invite(page, base):
    page.goto(base + reverse("wagtailsnippets_judging_expertinvitation:invite"))
    field(page, "Experts, one a line").fill(f"Mei Lin <{EXPERT}>")
    page.get_by_label("New technologies").check()
    page.get_by_label("Language of the emails").select_option("en")
    page.get_by_role("button", name=re.compile("Send the invitations|Invite", re.I)).last.click()
    page.locator(".messages .success, li.success, [class*=success]").first.wait_for()


def _link_from_the_email(base):
    """The email's link, on the live server (the email names the site's configured address)."""
    (message,) = [m for m in mail.outbox if EXPERT in m.to]
    found = re.search(r"https?://[^/\s]+(/\S*/experts/join/[^/\s]+/)", message.body)
    assert found, message.body
    return base + found.group(1)


def _join(page, link):
    page.goto(link)
    field(page, "Given name").fill("Mei")
    field(page, "Family name").fill("Lin")
    field(page, "Password").fill(PASSWORD)
    field(page, "Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    # Two factors, on allauth's page: the secret it shows, then a code from it.
    page.wait_for_url(re.compile(r"/accounts/2fa/totp/activate/"))
    secret = page.locator("#authenticator_secret").input_value()
    with code_on_a_still_clock(secret) as code:
        page.fill("input[name=code]", code)
        page.get_by_role("button", name=re.compile("Activate", re.I)).click()
        page.wait_for_url(re.compile(r"^(?!.*/accounts/2fa/totp/activate/)"))
    if "/accounts/2fa/recovery-codes/" in page.url:
        page.goto(page.url.split("/accounts/")[0] + reverse("judging:expert_join_profile"))
    page.wait_for_url(re.compile(r"/experts/join/profile/"))


def _profile(page):
    field(page, "Title").fill("Senior fellow")
    field(page, "Organisation").fill("Delta Think Tank")
    page.get_by_label("Kind of body").select_option("think_tank")
    page.get_by_label("Region").select_option("yangtze_delta")
    page.get_by_label("New technologies").check()
    page.get_by_label("English").check()
    page.get_by_role("button", name="Save and join the expert pool").click()
    page.wait_for_url(re.compile(r"/experts/(welcome|statement)/"))


def _statement(page, base):
    page.goto(base + reverse("judging:expert_statement_current"))
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("These are all the organisations I work for, advise or own a share of").check()
    page.get_by_role("button", name="Save my statement").click()
    page.locator("li.message--success").first.wait_for()


def test_an_invited_expert_joins_confirms_their_interests_is_assigned_and_scores(live_server, browser):
    home = Site.objects.get(is_default_site=True).root_page
    world = World(CallIndexPageFactory(parent=home))
    nomination = world.nomination(nominee_organisation="Yungang Robotics")
    base = live_server.url

    admin = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in_with_code(admin, base, world.admin)
    _invite(admin, base)
    invitation = ExpertInvitation.objects.get(email=EXPERT)
    assert invitation.is_pending and invitation.user is None
    assert not User.objects.filter(email=EXPERT).exists()  # no account until they take it up

    expert = browser.new_context(viewport={"width": 375, "height": 812}).new_page()
    _join(expert, _link_from_the_email(base))
    user = User.objects.get(email=EXPERT)
    assert user.emailaddress_set.get().verified  # the link verified the address
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert not JudgeProfile.objects.get(user=user).active  # not in the pool before the profile
    _profile(expert)
    profile = JudgeProfile.objects.get(user=user)
    assert profile.active and profile.joined_at and profile.affiliation_kind == "think_tank"
    invitation.refresh_from_db()
    assert invitation.accepted_at and invitation.user == user
    _statement(expert, base)
    assert CycleStatement.objects.get(judge=profile, cycle=world.cycle).confirmed_at is not None

    # The invitation suggested new technologies: accepting put them on the cycle's panel.
    assert world.panel.members.filter(pk=profile.pk).exists()
    world.panel.members.set([profile])  # only the new expert, so the assignment is theirs
    report = assign(round_=world.round, category=world.tec)
    assert report.created == 1  # the one nomination, to its one eligible judge
    assignment = Assignment.objects.get(judge=profile, nomination=nomination)

    expert.goto(base + "/judging/")
    expert.locator(f"a[href='/judging/assignments/{assignment.pk}/']").first.click()
    expert.get_by_role("button", name="I confirm I have no conflict of interest").click()
    expert.wait_for_load_state()
    for criterion in world.round.criteria.all():
        score = expert.locator(f"[name='score-{criterion.pk}']")
        if score.first.get_attribute("type") == "radio":
            expert.locator(f"[name='score-{criterion.pk}'][value='{criterion.scale_max}']").check()
        else:
            score.fill(str(criterion.scale_max))
    expert.get_by_role("button", name="Submit scores").click()
    expert.locator("#confirm-submit-scores [data-confirm-yes]").click()
    expert.locator("li.message--success").first.wait_for()
    assignment.refresh_from_db()
    assert assignment.state == "submitted"
    assert expert.evaluate("document.documentElement.scrollWidth") <= 375
