"""Download my data, and the retention period."""

import io
import json
import zipfile
from datetime import timedelta

import pytest

from django.core.management import call_command
from django.urls import reverse

from judging.models import CycleStatement, ExpertiseKeyword, StandingInterest
from nominations.models import AwardCycle, Nomination, NominationState
from outbox.models import OutgoingEmail
from privacy.anonymise import REMOVED
from privacy.models import ErasureRecord, RetentionPolicy
from privacy.retention import add_months, apply_retention
from tests.factories import ExpertInvitationFactory, UserFactory, advance
from tests.privacy.helpers import make_nomination

pytestmark = pytest.mark.django_db
S = NominationState


def download(client, user):
    client.force_login(user)
    response = client.post(reverse("privacy_export"))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_archive_holds_ones_own_data_and_files_only(client, call, nominator, scored):
    nomination, judge = scored
    make_nomination(call, UserFactory(), title="Someone else's innovation")
    OutgoingEmail.objects.create(subject="Your nomination is eligible", recipients=nominator.email, message={})
    archive = download(client, nominator)
    data = json.loads(archive.read("data.json"))
    assert set(data) == {"exported_at", "account", "nominations", "judging", "expert_invitations", "outbox"}
    assert data["account"]["email"] == nominator.email and "password" not in data["account"]
    assert [n["title"] for n in data["nominations"]] == [nomination.title]
    mine = data["nominations"][0]
    assert mine["nominee_name"] == nomination.nominee_name and mine["team_members"] == "Zhang San, engineer"
    assert [entry["to"] for entry in mine["state_history"]] == ["submitted", "eligible"]
    assert mine["files"][0]["name"] == "site-photo.jpg"
    assert archive.read(mine["files"][0]["path"])[:2] == b"\xff\xd8"  # the JPEG itself
    assert data["judging"] is None
    assert [mail["subject"] for mail in data["outbox"]] == ["Your nomination is eligible"]
    assert "Someone else's innovation" not in archive.read("data.json").decode()
    assert len(archive.namelist()) == 2

    judge_data = json.loads(download(client, judge.user).read("data.json"))
    assert judge_data["nominations"] == []
    [assignment] = judge_data["judging"]["assignments"]
    assert assignment["overall_comment"] == "Solid."
    assert [score["value"] for score in assignment["scores"]] == [7]


def test_an_experts_archive_holds_their_statements_interests_fields_and_invitations(client, scored):
    _nomination, judge = scored
    cycle = AwardCycle.objects.first()
    statement = CycleStatement.objects.create(judge=judge, cycle=cycle, capacity=8)
    StandingInterest.objects.create(statement=statement, organisation="Datong Coal Group", relation="advises")
    judge.keywords.add(ExpertiseKeyword.objects.create(name_en="Hydrogen", name_zh_hans="氢能"))
    ExpertInvitationFactory(email=judge.user.email.upper(), name="Invited expert")
    ExpertInvitationFactory(email="someone.else@example.edu", name="Not theirs")
    data = json.loads(download(client, judge.user).read("data.json"))
    [mine] = data["judging"]["cycle_statements"]
    assert (mine["capacity"], mine["standing_interests"]) == (
        8,
        [{"organisation": "Datong Coal Group", "relation": "advises"}],
    )
    assert data["judging"]["fields_of_expertise"] == ["Hydrogen"]
    assert [i["name"] for i in data["expert_invitations"]] == ["Invited expert"]


def test_downloads_are_rate_limited(client, nominator):
    client.force_login(nominator)
    answers = [client.post(reverse("privacy_export")).status_code for _ in range(6)]
    assert answers == [200] * 5 + [429]
    assert client.get(reverse("privacy_export")).status_code == 405


def test_my_data_needs_signing_in(client):
    assert client.get(reverse("privacy_my_data")).status_code == 302
    assert client.post(reverse("privacy_export")).status_code == 302


# Retention -------------------------------------------------------------------------------


@pytest.fixture
def announced_world(call, nominator, admin):
    """One nomination in each state that matters, the cycle announced afterwards."""

    def make(title, *steps):
        nomination = make_nomination(call, nominator, photo=False, title=title)
        for step in steps:
            advance(nomination, step, by=admin if step not in ("submit", "withdraw") else nominator)
        return nomination

    made = {
        "not_shortlisted": make("A", "submit", "accept", "not_shortlist"),
        "not_commended": make("B", "submit", "accept", "shortlist", "not_commend"),
        "commended": make("C", "submit", "accept", "shortlist", "commend"),
        "withdrawn": make("D", "submit", "withdraw"),
        "ineligible": make("E", "submit", "reject"),
        "shortlisted": make("F", "submit", "accept", "shortlist"),
        "draft": make("G"),
    }
    announcement = call.cycle.nominations_close + timedelta(days=60)
    AwardCycle.objects.filter(pk=call.cycle.pk).update(announcement_at=announcement)
    # The draft was last changed on the announcement's day (its age counts from then).
    Nomination.objects.filter(pk=made["draft"].pk).update(updated_at=announcement)
    return made, announcement


def test_retention_erases_exactly_the_unsuccessful_after_the_period(settings, announced_world):
    settings.PRIVACY_RETENTION_MONTHS = 24
    made, announcement = announced_world
    assert apply_retention(now=add_months(announcement, 24) - timedelta(days=1)) is None
    assert not Nomination.objects.filter(nominee_name=REMOVED).exists()

    record = apply_retention(now=add_months(announcement, 24) + timedelta(days=1))
    erased = set(Nomination.objects.filter(nominee_name=REMOVED).values_list("title", flat=True))
    assert erased == {REMOVED}
    kept = {n.state for n in Nomination.objects.exclude(nominee_name=REMOVED)}
    assert kept == {S.COMMENDED, S.SHORTLISTED}
    expected = {made[key].pk for key in ("not_shortlisted", "not_commended", "withdrawn", "ineligible", "draft")}
    assert set(record.nomination_ids) == expected
    assert record.kind == ErasureRecord.Kind.RETENTION
    # Idempotent: a second run finds nothing left.
    assert apply_retention(now=add_months(announcement, 30)) is None
    assert ErasureRecord.objects.count() == 1


def test_a_cycles_own_policy_overrides_the_setting(settings, call, announced_world):
    settings.PRIVACY_RETENTION_MONTHS = 24
    made, announcement = announced_world
    RetentionPolicy.objects.create(cycle=call.cycle, months_after_announcement=6)
    record = apply_retention(now=add_months(announcement, 6) + timedelta(days=1))
    assert made["withdrawn"].pk in record.nomination_ids
    assert made["commended"].pk not in record.nomination_ids


def test_the_command_previews_and_applies(call, announced_world):
    _made, announcement = announced_world
    moment = (add_months(announcement, 25)).isoformat()
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", "--now", moment, stdout=out)
    assert out.getvalue().startswith("5 nominations due")
    assert not Nomination.objects.filter(nominee_name=REMOVED).exists()
    call_command("apply_retention", "--now", moment, stdout=out)
    assert Nomination.objects.filter(nominee_name=REMOVED).count() == 5
