"""A call's extra questions on the office's and the judges' side, and in the page editor:
the admin's inspect view, the judge's assignment page (blind or not), the nominations
export, and adding questions through the admin's page form (nominations.questions)."""

import csv
import io

import pytest
from bs4 import BeautifulSoup

from django.urls import reverse

from nominations.models import CallPage, NominationAnswer
from nominations.services import add_file
from nominations.uploads import validate_upload
from tests.factories import (
    AwardCycleFactory,
    CallPageFactory,
    JudgeProfileFactory,
    NominationFactory,
    RoundFactory,
    UserFactory,
    advance,
)
from tests.judging.helpers import assign
from tests.nominations.helpers.questions import ask, question, reword, translate_call
from tests.nominations.helpers.uploads import pdf_bytes, upload
from tests.support import with_role

INSPECT = "wagtailsnippets_nominations_nomination:inspect"
LIST_URL = "/admin/snippets/nominations/nomination/"


@pytest.fixture
def call(call_index):
    return CallPageFactory(parent=call_index)


@pytest.fixture
def asked(call):
    """Three questions, the third a file question."""
    return ask(
        call,
        question("Annual budget (yuan)", "number", required=True),
        question("Where is it used?", "choice", choices=["In a mine", "In a city"]),
        question("Test certificate", "file"),
    )


@pytest.fixture
def answered(call, asked, screener):
    """A submitted nomination that answered every question, then accepted (eligible)."""
    nominator = UserFactory()
    nomination = NominationFactory(call=call, nominator=nominator)
    for question_id, label, value in [
        (asked[0], "Annual budget (yuan)", "125000"),
        (asked[1], "Where is it used?", "In a city"),
    ]:
        NominationAnswer.objects.create(
            nomination=nomination, question_id=question_id, question_label=label, value=value
        )
    record = add_file(nomination=nomination, upload=validate_upload(upload("certificate.pdf", pdf_bytes())))
    record.question_id = asked[2]
    record.save()
    advance(nomination, "submit", by=nominator)
    return nomination


def pairs(dl):
    return [
        (dt.get_text(" ", strip=True), dd.get_text(" ", strip=True)) for dt, dd in zip(dl("dt"), dl("dd"), strict=True)
    ]


@pytest.mark.django_db
def test_screeners_see_the_answers_and_answers_to_questions_no_longer_asked(client, call, asked, answered, screener):
    ask(call, question("Annual budget (yuan)", "number"), question("Test certificate", "file"))  # one removed
    # The re-published page gives the kept questions new ids only if the editor made them
    # anew; here they are new blocks, so every earlier answer is "no longer asked".
    client.force_login(screener)
    page = BeautifulSoup(client.get(reverse(INSPECT, args=[answered.pk])).content, "html.parser")
    rows = pairs(page.select_one("[data-call-questions]"))
    assert ("Annual budget (yuan)", "—") in rows
    assert ("Where is it used? (question no longer asked)", "In a city") in rows
    assert ("(question no longer asked)", "certificate.pdf") in rows


@pytest.mark.django_db
def test_screeners_see_each_answer_under_its_question_with_the_file_link(client, answered, screener):
    client.force_login(screener)
    page = BeautifulSoup(client.get(reverse(INSPECT, args=[answered.pk])).content, "html.parser")
    box = page.select_one("[data-call-questions]")
    assert pairs(box) == [
        ("Annual budget (yuan)", "125000"),
        ("Where is it used?", "In a city"),
        ("Test certificate", "certificate.pdf"),
    ]
    record = answered.files.get()
    assert box.select_one("a")["href"] == f"/nominations/files/{record.pk}/"
    # Not listed again among the general files.
    assert page.select_one("main").get_text().count("certificate.pdf") == 1
    assert client.get(f"/nominations/files/{record.pk}/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("blind", [True, False])
def test_judges_see_the_answers_and_open_a_file_answer_by_their_own_url(client, call, answered, screener, blind):
    advance(answered, "accept", by=screener)
    judge = JudgeProfileFactory()
    assignment = assign(RoundFactory(cycle=call.cycle, blind=blind), answered, judge)
    client.force_login(judge.user)
    page = BeautifulSoup(client.get(f"/judging/assignments/{assignment.pk}/").content, "html.parser")
    box = page.select_one("#questions-heading").find_parent("section")
    record = answered.files.get()
    assert pairs(box) == [
        ("Annual budget (yuan)", "125000"),
        ("Where is it used?", "In a city"),
        ("Test certificate", "Document 1" if blind else "certificate.pdf"),
    ]
    link = box.select_one("a")["href"]
    assert link == f"/judging/assignments/{assignment.pk}/files/{record.pk}/"
    assert client.get(link).status_code == 200
    # Under its question only, not again among the files.
    files = page.select_one("#files-heading").find_parent("section")
    assert files.select("a") == []
    # The nominator's own file URL stays closed to judges.
    assert client.get(f"/nominations/files/{record.pk}/").status_code == 404


@pytest.mark.django_db
def test_judges_read_the_questions_in_their_language(client, call, call_index, home_page, asked, answered, screener):
    chinese = translate_call(call, call_index, home_page)
    reword(chinese, {asked[0]: {"label": "年度预算"}, asked[1]: {"label": "用途", "choices": ["矿井", "城市"]}})
    advance(answered, "accept", by=screener)
    judge = JudgeProfileFactory()
    assignment = assign(RoundFactory(cycle=call.cycle, blind=True), answered, judge)
    client.force_login(judge.user)
    response = client.get(f"/judging/assignments/{assignment.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    box = BeautifulSoup(response.content, "html.parser").select_one("#questions-heading").find_parent("section")
    assert pairs(box)[:2] == [("年度预算", "125000"), ("用途", "城市")]


@pytest.mark.django_db
def test_the_export_has_a_column_per_question_of_the_exported_calls(client, call, call_index, asked, answered):
    other = CallPageFactory(parent=call_index, cycle=AwardCycleFactory())
    (other_question,) = ask(other, question("Team size", "number"))
    nominator = UserFactory()
    second = NominationFactory(call=other, nominator=nominator)
    NominationAnswer.objects.create(nomination=second, question_id=other_question, value="=12")
    advance(second, "submit", by=nominator)
    client.force_login(with_role("Awards administrators", "admin@example.net"))
    response = client.get(LIST_URL, {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    headings = rows[0]
    assert headings[-4:] == [
        "Annual budget (yuan) (TEC)",
        "Where is it used? (TEC)",
        "Test certificate (TEC)",
        "Team size (TEC)",
    ]
    by_reference = {row[0]: dict(zip(headings, row, strict=True)) for row in rows[1:]}
    first = by_reference[answered.reference]
    assert (first["Annual budget (yuan) (TEC)"], first["Where is it used? (TEC)"]) == ("125000", "In a city")
    assert (first["Test certificate (TEC)"], first["Team size (TEC)"]) == ("certificate.pdf", "")
    second.refresh_from_db()
    assert by_reference[second.reference]["Team size (TEC)"] == "'=12"  # a formula stays text
    assert by_reference[second.reference]["Annual budget (yuan) (TEC)"] == ""


# The page editor -----------------------------------------------------------------------


def _editor_post(call, questions):
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    def block(q):
        return ("question", {**q, "choices": streamfield([("item", c) for c in q["choices"]])})

    return nested_form_data(
        {
            "title": call.title,
            "slug": call.slug,
            "cycle": call.cycle_id,
            "category": call.category_id,
            "opens_at": call.opens_at.strftime("%Y-%m-%d %H:%M"),
            "closes_at": call.closes_at.strftime("%Y-%m-%d %H:%M"),
            "intro": call.intro,
            "eligibility": rich_text(""),
            "criteria": streamfield([]),
            "faq": streamfield([]),
            "questions": streamfield([block(q) for q in questions]),
            "action-publish": "action-publish",
        }
    )


@pytest.fixture
def editor_client(client, db):
    from accounts.mfa import activate_totp

    user = UserFactory(is_superuser=True, is_staff=True)
    activate_totp(user)
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_an_editor_adds_questions_in_the_page_editor(editor_client, call):
    data = _editor_post(
        call,
        [
            question("Annual budget", "number", required=True),
            question("Used where?", "choice", choices=["Mine", "City"]),
        ],
    )
    response = editor_client.post(f"/admin/pages/{call.pk}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    call = CallPage.objects.get(pk=call.pk)
    blocks = [
        (b.value["kind"], b.value["label"], b.value["required"], list(b.value["choices"])) for b in call.questions
    ]
    assert blocks == [("number", "Annual budget", True, []), ("choice", "Used where?", False, ["Mine", "City"])]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "choices, error",
    [([], "A choice question needs at least one choice."), (["Mine", "Mine"], "Each choice may appear only once.")],
)
def test_a_choice_question_without_proper_choices_is_an_editor_error(editor_client, call, choices, error):
    data = _editor_post(call, [question("Used where?", "choice", choices=choices)])
    response = editor_client.post(f"/admin/pages/{call.pk}/edit/", data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert list(CallPage.objects.get(pk=call.pk).questions) == []
