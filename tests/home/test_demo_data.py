from io import StringIO

import pytest
from allauth.account.models import EmailAddress

from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import override_settings

from accounts.models import User
from nominations.models import AwardCycle, CallPage, CallStatus, Nomination

DEMO_EMAILS = {
    "admin@example.org",
    "screener@example.org",
    "awards-admin@example.org",
    *{f"judge{n}@example.org" for n in range(1, 7)},
    "chair@example.org",
    "editor@example.org",
    "moderator@example.org",
    "nominator@example.org",
}


def _snapshot():
    """Every table's rows, as (model, pk) pairs: two runs must leave exactly the same."""
    rows = {}
    for model in apps.get_models():
        if model._meta.db_table not in connection.introspection.table_names():
            continue
        rows[model._meta.label] = sorted(model.objects.values_list("pk", flat=True))
    return rows


# Loading the demo takes a while: one module's worth, loaded twice (the second time forced
# with DEBUG off, and it must change nothing), each test in its own rolled-back transaction.
@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    root = tmp_path_factory.mktemp("demo")
    media = {"MEDIA_ROOT": str(root / "media"), "PRIVATE_MEDIA_ROOT": str(root / "private")}
    with django_db_blocker.unblock(), override_settings(**media), transaction.atomic():
        with override_settings(DEBUG=True):
            call_command("load_demo_data", stdout=StringIO())
        first = _snapshot()
        with override_settings(DEBUG=False):
            call_command("load_demo_data", "--force", stdout=StringIO())
        yield {"first": first, "second": _snapshot(), "media": media}
        transaction.set_rollback(True)


@pytest.fixture
def demo(loaded, db, settings):
    for name, value in loaded["media"].items():
        setattr(settings, name, value)
    return loaded


def test_load_demo_data_twice_gives_the_same_rows(demo):
    assert demo["second"] == demo["first"]
    # Six calls a cycle, two cycles, two languages.
    assert len(demo["first"]["nominations.CallPage"]) == 24


def test_demo_data_has_one_account_per_role_with_verified_email(demo, settings):
    assert set(User.objects.values_list("email", flat=True)) == DEMO_EMAILS
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == len(DEMO_EMAILS)
    assert User.objects.get(email="admin@example.org").is_superuser
    roles = {u.email: sorted(u.groups.values_list("name", flat=True)) for u in User.objects.all()}
    assert roles["screener@example.org"] == ["Screeners"]
    assert roles["awards-admin@example.org"] == ["Awards administrators"]
    assert roles["judge6@example.org"] == ["Judges"]
    assert roles["chair@example.org"] == ["Judges", "Panel chairs"]
    assert roles["editor@example.org"] == ["Editors"]
    assert roles["moderator@example.org"] == ["Moderators"]
    assert roles["nominator@example.org"] == []
    assert User.objects.get(email="judge3@example.org").check_password(settings.DEMO_PASSWORD)
    # Chinese names stored family name in last_name, given name in first_name, shown as written.
    zhang = User.objects.get(email="awards-admin@example.org")
    assert (zhang.last_name, zhang.first_name, zhang.display_name) == ("张", "伟", "张伟")
    assert User.objects.get(email="admin@example.org").display_name == "Ada Lovelace"
    languages = dict(User.objects.values_list("email", "preferred_language"))
    assert {languages["nominator@example.org"], languages["chair@example.org"]} == {"zh-hans"}
    assert {languages["admin@example.org"], languages["judge3@example.org"]} == {"en"}
    assert sorted(set(languages.values())) == ["en", "zh-hans"]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_demo_data_has_a_current_cycle_with_six_open_calls_and_a_closed_past_one(demo, client, language):
    past, current = AwardCycle.objects.order_by("year")
    calls = CallPage.objects.live().filter(locale__language_code=language)
    current_statuses = [c.status() for c in calls.filter(cycle=current)]
    assert len(current_statuses) == 6
    assert all(c.is_accepting() for c in calls.filter(cycle=current))
    assert CallStatus.CLOSING_SOON in current_statuses
    assert {c.status() for c in calls.filter(cycle=past)} == {CallStatus.CLOSED}
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    assert response.content.decode().count('class="badge badge--open"') == 5


def test_the_site_root_sends_visitors_to_their_language(demo, client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")["Location"] == "/zh-hans/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")["Location"] == "/en/"


def test_load_demo_data_refuses_with_debug_off_and_changes_nothing(demo, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="Refusing to load demo data with DEBUG off"):
        call_command("load_demo_data")
    assert _snapshot() == demo["first"]


def test_demo_data_has_nominations_in_every_state_with_files_and_history(demo):
    from django_fsm_log.models import StateLog

    from nominations.models import Nomination, NominationFile, NominationState

    assert set(Nomination.objects.values_list("state", flat=True)) == set(NominationState.values)
    # Each has a photo and a PDF among its evidence (a file answering a call's question aside).
    evidence = NominationFile.objects.filter(question_id="")
    assert evidence.filter(kind="image").count() == Nomination.objects.count()
    assert evidence.filter(kind="document").count() == Nomination.objects.count()
    commended = Nomination.objects.filter(state="commended").first()
    assert list(StateLog.objects.for_(commended).order_by("pk").values_list("transition", flat=True)) == [
        "submit",
        "accept",
        "shortlist",
        "commend",
    ]
    assert all(n.reference for n in Nomination.objects.exclude(state="draft"))
    # Submitted over several days before the demo was loaded (the dashboard's chart), each
    # while its call was open, and the history says so too.
    submitted = Nomination.objects.exclude(submitted_at=None).select_related("call")
    assert len({n.submitted_at.date() for n in submitted}) > 5
    for nomination in submitted:
        assert nomination.call.opens_at < nomination.submitted_at < nomination.call.closes_at, nomination
    assert StateLog.objects.for_(commended).get(transition="submit").timestamp == commended.submitted_at


def test_demo_data_has_judging_in_every_state_with_a_harsh_and_a_lenient_judge(demo):
    from judging.models import Assignment, Award, Conflict, JudgeProfile, Round
    from judging.results import panel_results
    from nominations.models import Category

    assert JudgeProfile.objects.count() == 7
    assert set(Assignment.objects.values_list("state", flat=True)) == {
        "assigned",
        "in_progress",
        "submitted",
        "recused",
    }
    # One declared; detected: a judge who works where a nominee works, another at a partner
    # university, and a judge's standing interest.
    assert sorted(Conflict.objects.values_list("source", flat=True)) == ["declared", "detected", "detected", "detected"]
    partner = Conflict.objects.get(judge__user__email="judge5@example.org", source="detected")
    assert "太原理工大学" in partner.nomination.partner_organisations and "partner" in partner.reason
    # One of the detected: judge2's standing interest (they advise the nominee's company).
    interest = Conflict.objects.get(judge__user__email="judge2@example.org", source="detected")
    assert interest.nomination.nominee_name == "Yungang Thermal Tech"
    assert "standing interest" in interest.reason
    assert Award.objects.count() == 5
    open_round = Round.objects.get(cycle__year=AwardCycle.objects.order_by("-year").first().year, number=1)
    totals = {}  # judge -> the totals they gave in the round, every panel
    for category in Category.objects.all():
        for row in panel_results(open_round, category).rows:
            for judge_id, total in row.totals.items():
                totals.setdefault(judge_id, []).append(total)
    lenient = JudgeProfile.objects.get(user__email="judge1@example.org").pk
    harsh = JudgeProfile.objects.get(user__email="judge2@example.org").pk
    # Their habits differ by five points a criterion (50 of 100); the nominations each drew
    # differ too, which the mix of affiliations and regions now decides in part.
    assert sum(totals[lenient]) / len(totals[lenient]) - sum(totals[harsh]) / len(totals[harsh]) >= 25
    # Every scored assignment was confirmed free of conflict first; some wait for it.
    assert not Assignment.objects.filter(state="submitted", declared_no_conflict_at=None).exists()
    assert Assignment.objects.filter(state="assigned", declared_no_conflict_at=None).exists()
    # Last year's record: a signed-off ranking under every decision, a decision for every result.
    from judging.models import Decision, RankingSignOff

    past = AwardCycle.objects.order_by("year").first()
    results = Nomination.objects.filter(call__cycle=past, state__in=["commended", "not_commended", "not_shortlisted"])
    assert set(results.values_list("pk", flat=True)) <= set(Decision.objects.values_list("nomination_id", flat=True))
    assert (
        Decision.objects.filter(outcome="commend").count() == Award.objects.filter(nomination__call__cycle=past).count()
    )
    for decision in Decision.objects.select_related("nomination__call"):
        assert RankingSignOff.objects.filter(round=decision.round, category=decision.nomination.call.category).exists()


def test_demo_staff_and_judges_have_two_factors_and_the_nominator_none(demo):
    from accounts.mfa import has_mfa

    with_mfa = {u.email for u in User.objects.all() if has_mfa(u)}
    assert with_mfa == DEMO_EMAILS - {"nominator@example.org"}


def _current_call_with_questions():
    from home.demo import languages

    current = AwardCycle.objects.order_by("year").last()
    return CallPage.objects.get(cycle=current, category__code="TEC", locale__language_code=languages()[0])


def test_a_current_call_asks_its_own_questions_answered_by_the_draft_in_part_and_a_submission_in_full(demo):
    from wagtail.models import Locale

    from nominations import questions
    from nominations.models import NominationFile

    call = _current_call_with_questions()
    asked = questions.questions_for(call)
    assert [(q.kind, q.required) for q in asked] == [("choice", True), ("number", False), ("file", False)]
    assert len(asked[0].choices) == 4
    # The translation holds the same questions: the same block ids, the choices' too.
    other = call.get_translation(Locale.objects.exclude(pk=call.locale_id).get()).specific
    assert [b.id for b in other.questions] == [q.id for q in asked]
    choice_ids = [item.id for item in call.questions[0].value["choices"].bound_blocks]
    assert [item.id for item in other.questions[0].value["choices"].bound_blocks] == choice_ids
    # Only this call asks anything of its own.
    assert [c.pk for c in CallPage.objects.all() if questions.has_questions(c)] == sorted([call.pk, other.pk])

    draft = Nomination.objects.get(call=call, state="draft", nominator__email="nominator@example.org")
    answers = questions.stored_answers(draft)
    assert set(answers) == {asked[0].id, asked[1].id}
    assert answers[asked[1].id].value == "45"
    assert not questions.stored_files(draft)
    assert [gap for gap in draft.missing() if gap[0] == "questions"] == []

    full = Nomination.objects.get(call=call, title="Hydrogen fuel-cell city buses")
    assert full.state == "submitted"
    assert set(questions.stored_answers(full)) == {asked[0].id, asked[1].id}
    assert list(questions.stored_files(full)) == [asked[2].id]
    assert NominationFile.objects.exclude(question_id="").count() == 1
    # Every nomination submitted in the call answered the required question.
    for nomination in Nomination.objects.filter(call=call).exclude(state="draft"):
        assert questions.unanswered_required(nomination) == [], nomination


def test_the_site_settings_give_the_certificates_an_emblem_and_two_signatories(demo):
    from PIL import Image as PILImage

    from home.models import SiteSettings
    from judging.certificates import certificate_of, decoration_for
    from nominations.certificates import certificates_pdf

    site_settings = SiteSettings.objects.get()
    decoration = decoration_for(site_settings)
    assert decoration.emblem
    assert [(s.name.zh, s.name.en) for s in decoration.signatories] == [
        ("刘卫东", "Liu Weidong"),
        ("陈静", "Chen Jing"),
    ]
    assert all(s.signature for s in decoration.signatories)
    for image in (site_settings.certificate_emblem, site_settings.signatory_1_signature):
        with image.file.open() as handle:
            assert PILImage.open(handle).mode == "RGBA"  # drawn on a transparent ground
    commended = Nomination.objects.filter(state="commended").order_by("reference").first()
    pdf = certificates_pdf([certificate_of(commended)], decoration)
    assert pdf[:5] == b"%PDF-"


def test_the_office_has_an_internal_note_and_a_pair_of_possible_duplicates(demo):
    from nominations.models import ScreeningNote
    from nominations.screening.duplicates import duplicate_ids, normalise

    note = ScreeningNote.objects.select_related("author", "nomination").get()
    assert note.author.email == "screener@example.org"
    assert note.nomination.state == "submitted"
    pair = list(Nomination.objects.filter(pk__in=duplicate_ids()).order_by("pk"))
    assert len(pair) == 2
    assert note.nomination in pair
    first, second = pair
    assert first.call.cycle_id == second.call.cycle_id
    # Written differently (case, full-width letters), the same once normalised.
    assert first.nominee_name != second.nominee_name
    assert normalise(first.nominee_name) == normalise(second.nominee_name)
    assert normalise(first.nominee_organisation) == normalise(second.nominee_organisation)


def test_the_office_log_has_a_sent_message_to_nominators_and_a_draft_reminder(demo, settings):
    from datetime import timedelta

    from office.models import DraftReminder, NominatorMessage

    message = NominatorMessage.objects.get()
    assert message.status == NominatorMessage.Status.SENT
    assert message.created_by.email == "awards-admin@example.org"
    assert message.subject_zh_hans and message.subject_en and message.body_zh_hans and message.body_en
    recipient = message.recipients.get()
    assert (recipient.user.email, recipient.language) == ("nominator@example.org", "zh-hans")
    assert recipient.sent_at is not None
    current = AwardCycle.objects.order_by("year").last()
    drafts = Nomination.objects.filter(call__cycle=current, state="draft")
    assert set(recipient.nominations.values_list("pk", flat=True)) == set(drafts.values_list("pk", flat=True))

    reminder = DraftReminder.objects.select_related("nomination", "call").get()
    assert reminder.nomination.state == "draft"
    closes = reminder.call.closes_at
    assert closes - timedelta(days=settings.DRAFT_REMINDER_DAYS) <= reminder.sent_at < closes


def test_demo_pool_has_profiled_experts_confirmed_statements_and_invitations_in_every_state(demo):
    from judging.models import CycleStatement, ExpertInvitation, ExpertiseKeyword, JudgeProfile, StandingInterest

    assert ExpertiseKeyword.objects.count() == 10
    assert not ExpertiseKeyword.objects.filter(name_zh_hans="").exists()
    assert not ExpertiseKeyword.objects.filter(name_en="").exists()
    profiles = JudgeProfile.objects.all()
    assert not profiles.filter(affiliation_kind="").exists()
    assert not profiles.filter(region="").exists()
    assert len({p.affiliation_kind for p in profiles}) >= 4
    assert 0 < profiles.filter(listed_publicly=True).count() < profiles.count()
    assert all(p.keywords.exists() and p.languages for p in profiles)
    current = AwardCycle.objects.order_by("-year").first()
    statements = CycleStatement.objects.filter(cycle=current)
    assert statements.count() == profiles.count()
    assert not statements.filter(confirmed_at=None).exists()
    assert StandingInterest.objects.filter(statement__cycle=current).count() == 1
    assert sorted(i.state for i in ExpertInvitation.objects.all()) == ["expired", "pending", "revoked"]
    # The pool at a glance has a gap to show: new materials, with three experts for four places.
    from judging.experts.coverage import coverage

    gaps = coverage(current).gaps
    assert [gap.category.code for gap in gaps] == ["MAT"]
