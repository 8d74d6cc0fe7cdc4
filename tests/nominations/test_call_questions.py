"""A call's extra questions on the nominator's side: the step in both languages, each kind
validated and saved, required questions and submission, files through real validation,
autosave, removed questions, and the pages' query counts (nominations.questions)."""

import pytest
from bs4 import BeautifulSoup

from nominations.models import NominationAnswer, NominationFile
from nominations.questions import call_questions
from tests.factories import CallPageFactory, NominationFactory, UserFactory
from tests.nominations.helpers.questions import ask, question, reword, translate_call
from tests.nominations.helpers.uploads import image_bytes, pdf_bytes, upload


@pytest.fixture
def call(call_index):
    return CallPageFactory(parent=call_index)


@pytest.fixture
def draft(call, nominator):
    return NominationFactory(call=call, nominator=nominator)


def url(nomination, page="edit/questions"):
    return f"/nominations/{nomination.pk}/{page}/"


def field(question_id):
    return f"question_{question_id}"


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def answers(nomination):
    return dict(NominationAnswer.objects.filter(nomination=nomination).values_list("question_id", "value"))


@pytest.mark.django_db
def test_translating_a_call_keeps_its_question_and_choice_ids(call, call_index, home_page):
    ids = ask(call, question("Budget", "number"), question("Colour", "choice", choices=["Red", "Blue"]))
    chinese = translate_call(call, call_index, home_page)
    assert [block.id for block in chinese.questions] == ids
    original = [item.id for item in call.questions[1].value["choices"].bound_blocks]
    assert [item.id for item in chinese.questions[1].value["choices"].bound_blocks] == original


@pytest.mark.django_db
def test_without_questions_the_step_is_not_in_the_form(client, draft, nominator):
    client.force_login(nominator)
    page = soup(client.get(url(draft, "edit/files")))
    links = [a["href"] for a in page.select(".steps-nav__list a")]
    assert url(draft) not in links
    assert page.select_one(".steps-nav__count").get_text() == "Step 4 of 5"
    response = client.post(url(draft, "edit/files"), {"continue": "1"})
    assert response["Location"] == url(draft, "edit/declarations")


@pytest.mark.django_db
def test_the_step_sits_before_the_declarations_in_the_navigation(client, call, draft, nominator):
    ask(call, question("Budget", "number"))
    client.force_login(nominator)
    page = soup(client.get(url(draft)))
    labels = [item.get_text(strip=True) for item in page.select(".steps-nav__item")]
    assert labels == [
        "Nominee",
        "Innovation",
        "Impact",
        "Files",
        "Questions for this call",
        "Declarations",
        "Review and submit",
    ]
    assert page.select_one(".steps-nav__count").get_text() == "Step 5 of 6"
    assert client.post(url(draft, "edit/files"), {"continue": "1"})["Location"] == url(draft)
    assert client.post(url(draft), {"continue": "1"})["Location"] == url(draft, "edit/declarations")


@pytest.mark.django_db
def test_the_step_reads_in_the_readers_language(client, call, call_index, home_page, draft, nominator):
    ids = ask(
        call,
        question("Annual budget", "number", help_text="In yuan.", required=True),
        question("Where is it used?", "choice", choices=["In a mine", "In a city"]),
        question("Added later, not yet translated"),
    )
    chinese = translate_call(call, call_index, home_page)
    reword(
        chinese,
        {
            ids[0]: {"label": "年度预算", "help_text": "单位为元"},
            ids[1]: {"label": "用于何处", "choices": ["矿井", "城市"]},
        },
    )
    client.force_login(nominator)
    english = soup(client.get(url(draft), HTTP_ACCEPT_LANGUAGE="en"))
    assert english.select_one(f"label[for=id_{field(ids[0])}]").get_text(" ", strip=True) == "Annual budget *"
    assert english.select_one(f"#id_{field(ids[0])}_helptext").get_text() == "In yuan."
    assert [s.get_text() for s in english.select(".choice span")] == ["In a mine", "In a city"]
    chinese_page = soup(client.get(url(draft), HTTP_ACCEPT_LANGUAGE="zh-hans"))
    assert chinese_page.select_one(f"label[for=id_{field(ids[0])}]").get_text(" ", strip=True) == "年度预算 *"
    assert chinese_page.select_one(f"#id_{field(ids[0])}_helptext").get_text() == "单位为元"
    assert [s.get_text() for s in chinese_page.select(".choice span")] == ["矿井", "城市"]
    # Not on the Chinese page: the original's wording.
    assert (
        chinese_page.select_one(f"label[for=id_{field(ids[2])}]").get_text(strip=True)
        == "Added later, not yet translated"
    )
    # A choice is stored as the original's text and read back in each language.
    client.post(url(draft), {field(ids[1]): "In a city"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert answers(draft)[ids[1]] == "In a city"
    review = soup(client.get(url(draft, "review"), HTTP_ACCEPT_LANGUAGE="zh-hans"))
    assert "城市" in review.select_one("#review-questions").find_parent("section").get_text()


@pytest.mark.django_db
def test_a_question_written_again_on_the_translation_is_worded_by_its_position(call, call_index, home_page):
    ask(call, question("First"))
    chinese = translate_call(call, call_index, home_page)
    ask(call, question("First"), question("Second", "date"))
    chinese.questions = [("question", dict(chinese.questions[0].value)), ("question", question("第二", "date"))]
    chinese.save_revision().publish()
    from django.utils import translation

    with translation.override("zh-hans"):
        labels = [q.label for q in call_questions(call)]
    assert labels[1] == "第二"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kind, extra, posted, stored",
    [
        ("short_text", {}, "  A short answer ", "A short answer"),
        ("long_text", {}, "Line one\nLine two", "Line one\nLine two"),
        ("number", {}, "1250.50", "1250.5"),
        ("number", {}, "-3", "-3"),
        ("date", {}, "2026-05-01", "2026-05-01"),
        ("choice", {"choices": ["Yes", "Not yet"]}, "Not yet", "Not yet"),
    ],
)
def test_each_kind_validates_and_saves(client, call, draft, nominator, kind, extra, posted, stored):
    (question_id,) = ask(call, question("The question", kind, **extra))
    client.force_login(nominator)
    response = client.post(url(draft), {field(question_id): posted, "save": "1"})
    assert response.status_code == 302
    assert answers(draft) == {question_id: stored}
    assert NominationAnswer.objects.get(nomination=draft).question_label == "The question"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kind, extra, posted, error",
    [
        ("short_text", {}, "x" * 301, "Ensure this value has at most 300 characters (it has 301)."),
        ("long_text", {}, "x" * 5001, "Ensure this value has at most 5000 characters (it has 5001)."),
        ("number", {}, "twelve", "Enter a number."),
        ("date", {}, "01/05/2026", "Enter a valid date."),
        ("date", {}, "2026-02-30", "Enter a valid date."),
        (
            "choice",
            {"choices": ["Yes", "No"]},
            "Maybe",
            "Select a valid choice. Maybe is not one of the available choices.",
        ),
    ],
)
def test_bad_answers_are_form_errors_and_nothing_is_saved(client, call, draft, nominator, kind, extra, posted, error):
    (question_id,) = ask(call, question("The question", kind, **extra))
    NominationAnswer.objects.create(nomination=draft, question_id=question_id, value="")
    client.force_login(nominator)
    response = client.post(url(draft), {field(question_id): posted, "save": "1"})
    assert response.status_code == 200
    assert error in soup(response).select_one(f"#id_{field(question_id)}_errors").get_text()
    assert answers(draft) == {question_id: ""}


@pytest.mark.django_db
def test_an_unknown_question_is_ignored_and_a_blank_answer_removes_the_stored_one(client, call, draft, nominator):
    (question_id,) = ask(call, question("Budget", "number"))
    client.force_login(nominator)
    client.post(url(draft), {field(question_id): "12", "question_not-asked": "sneaky", "question_x": "y"})
    assert answers(draft) == {question_id: "12"}
    client.post(url(draft), {field(question_id): ""})
    assert answers(draft) == {}


@pytest.mark.django_db
def test_other_peoples_nominations_are_not_found(client, call, draft):
    ask(call, question("Budget", "number"))
    client.force_login(UserFactory())
    assert client.get(url(draft)).status_code == 404
    assert client.post(url(draft), {}).status_code == 404
    assert client.get("/nominations/999999/edit/questions/").status_code == 404


@pytest.mark.django_db
def test_a_required_question_blocks_submission_until_answered(client, call, draft, nominator):
    budget, _optional = ask(call, question("Annual budget", "number", required=True), question("Anything else?"))
    client.force_login(nominator)
    review = soup(client.get(url(draft, "review")))
    missing = review.select_one("#missing-heading").find_parent("section")
    assert [(a.get_text(), a["href"]) for a in missing.select("a")] == [("Annual budget", url(draft))]
    assert review.find("button", string="Submit the nomination") is None
    assert client.post(url(draft, "submit"))["Location"] == url(draft, "review")
    draft.refresh_from_db()
    assert draft.state == "draft"
    client.post(url(draft), {field(budget): "100"})
    assert soup(client.get(url(draft, "review"))).select_one("#missing-heading") is None
    client.post(url(draft, "submit"))
    draft.refresh_from_db()
    assert draft.state == "submitted"


@pytest.mark.django_db
def test_a_removed_question_is_ignored_for_completeness_and_kept(client, call, draft, nominator):
    old, _kept = ask(call, question("Old question", required=True), question("Kept question"))
    client.force_login(nominator)
    client.post(url(draft), {field(old): "An answer"})
    ask(call, question("Kept question"), question("New required", required=True))
    assert [name for step, name in draft.missing() if step == "questions"] == [field(call_questions(call)[1].id)]
    assert answers(draft)[old] == "An answer"
    # The nominator does not see it any more.
    assert "Old question" not in client.get(url(draft, "review")).content.decode()


@pytest.mark.django_db
def test_a_file_question_goes_through_the_upload_checks(client, call, draft, nominator):
    (question_id,) = ask(call, question("Site photograph", "file", required=True))
    client.force_login(nominator)
    bad = upload("notes.txt", b"plain text, not an image")
    response = client.post(url(draft), {field(question_id): bad})
    assert response.status_code == 200
    assert "is not an accepted file type" in soup(response).select_one(f"#id_{field(question_id)}_errors").get_text()
    assert not NominationFile.objects.exists()
    response = client.post(url(draft), {field(question_id): upload("site.png", image_bytes("PNG"))})
    assert response.status_code == 302
    record = NominationFile.objects.get()
    assert (record.question_id, record.original_name, record.kind) == (question_id, "site.png", "image")
    assert draft.missing() == []
    # Shown under its question, not among the general evidence.
    files_step = soup(client.get(url(draft, "edit/files")))
    assert files_step.select(".file-list__item") == []
    step = soup(client.get(url(draft)))
    assert step.select_one(".question-file__current a").get_text() == "site.png"
    review = client.get(url(draft, "review")).content.decode()
    assert review.count("site.png") == 1
    # Another file replaces it; Remove takes it away.
    client.post(url(draft), {field(question_id): upload("report.pdf", pdf_bytes())})
    assert list(NominationFile.objects.values_list("original_name", "question_id")) == [("report.pdf", question_id)]
    # Removing anything but one of the call's file questions (RemoveFileForm) removes nothing.
    for other in ("", "not-a-question", question_id + "x"):
        assert client.post(url(draft), {"remove_file": other}).status_code == 302
    assert list(NominationFile.objects.values_list("original_name", "question_id")) == [("report.pdf", question_id)]
    client.post(url(draft), {"remove_file": question_id})
    assert not NominationFile.objects.exists()


@pytest.mark.django_db
def test_a_file_question_counts_in_the_nominations_file_limit(client, call, draft, nominator, settings):
    (question_id,) = ask(call, question("Site photograph", "file"))
    settings.NOMINATION_MAX_FILES = 1
    client.force_login(nominator)
    client.post(url(draft, "edit/files"), {"files": [upload("a.png", image_bytes("PNG"))]})
    response = client.post(url(draft), {field(question_id): upload("b.png", image_bytes("PNG"))})
    assert response.status_code == 200
    assert "A nomination can have at most 1 files; it has 1 already." in response.content.decode()
    assert NominationFile.objects.count() == 1


@pytest.mark.django_db
def test_autosave_saves_only_the_changed_answers_and_never_files(client, call, draft, nominator):
    first, second, photo = ask(call, question("First"), question("Second"), question("Photo", "file"))
    NominationAnswer.objects.create(nomination=draft, question_id=second, value="Typed in another tab")
    client.force_login(nominator)
    response = client.post(
        url(draft),
        {
            "changed": [field(first)],
            field(first): "Autosaved",
            f"base-{field(first)}": "",
            field(photo): upload("a.png", image_bytes("PNG")),
        },
        HTTP_X_AUTOSAVE="1",
    )
    assert response.status_code == 200
    assert response.json()["saved"] is True
    assert response.json()["bases"] == {field(first): "Autosaved"}
    assert answers(draft) == {first: "Autosaved", second: "Typed in another tab"}
    assert not NominationFile.objects.exists()
    bad = client.post(url(draft), {"changed": [field(first)], field(first): "x" * 301}, HTTP_X_AUTOSAVE="1")
    assert bad.status_code == 400
    assert answers(draft)[first] == "Autosaved"


@pytest.mark.django_db
def test_two_tabs_an_untouched_answer_is_not_written_and_a_changed_one_is_a_conflict(client, call, draft, nominator):
    first, second = ask(call, question("First"), question("Second", "choice", choices=["Red", "Blue"]))
    NominationAnswer.objects.create(nomination=draft, question_id=first, value="Shown")
    client.force_login(nominator)
    page = soup(client.get(url(draft)))
    assert page.select_one(f"input[name=base-{field(first)}]")["value"] == "Shown"
    # Another tab saves both answers meanwhile.
    client.post(url(draft), {field(first): "From the other tab", field(second): "Red"})
    # This tab saves the whole step: the first answer untouched, the second changed.
    response = client.post(
        url(draft),
        {field(first): "Shown", f"base-{field(first)}": "Shown", field(second): "Blue", f"base-{field(second)}": ""},
    )
    assert response.status_code == 409
    assert answers(draft) == {first: "From the other tab", second: "Red"}
    notice = soup(response).select_one(".conflict")
    assert notice["data-conflict-for"] == field(second)
    assert (notice["data-stored"], notice["data-yours"]) == ("Red", "Blue")
    assert soup(response).select_one(f"input[name=base-{field(second)}]")["value"] == "Red"
    # Saving again from there keeps this tab's answer.
    client.post(url(draft), {field(first): "From the other tab", field(second): "Blue", f"base-{field(second)}": "Red"})
    assert answers(draft) == {first: "From the other tab", second: "Blue"}


@pytest.mark.django_db
def test_autosave_reports_an_answer_changed_in_another_tab(client, call, draft, nominator):
    (first,) = ask(call, question("First"))
    NominationAnswer.objects.create(nomination=draft, question_id=first, value="Other tab")
    client.force_login(nominator)
    response = client.post(
        url(draft),
        {"changed": [field(first)], field(first): "Mine", f"base-{field(first)}": ""},
        HTTP_X_AUTOSAVE="1",
    )
    assert response.status_code == 409
    (conflict,) = response.json()["conflicts"]
    assert (conflict["field"], conflict["stored"], conflict["yours"]) == (field(first), "Other tab", "Mine")
    assert answers(draft) == {first: "Other tab"}


@pytest.mark.django_db
def test_a_submitted_nomination_can_no_longer_be_answered(client, call, draft, nominator):
    (question_id,) = ask(call, question("Budget", "number"))
    client.force_login(nominator)
    client.post(url(draft, "submit"))
    draft.refresh_from_db()
    assert draft.state == "submitted"
    response = client.post(url(draft), {field(question_id): "5"})
    assert response["Location"] == url(draft, "")[:-1]
    assert answers(draft) == {}


@pytest.mark.django_db
def test_the_nominations_page_shows_the_answers(client, call, draft, nominator):
    (question_id,) = ask(call, question("Annual budget", "number"))
    NominationAnswer.objects.create(nomination=draft, question_id=question_id, value="12.5")
    client.force_login(nominator)
    page = soup(client.get(url(draft, "")[:-1]))
    answers_list = page.select_one("#summary-heading").find_parent("section").select_one(".review-list")
    assert [(dt.get_text(), dd.get_text()) for dt, dd in zip(answers_list("dt"), answers_list("dd"), strict=True)] == [
        ("Annual budget", "12.5")
    ]


def _queries(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)  # the site's root paths and the session, cached from then on
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["edit/questions", "review", ""])
def test_query_counts_do_not_grow_with_the_number_of_questions(client, call_index, nominator, page):
    counts = []
    for size in (1, 5):
        call = CallPageFactory(parent=call_index)
        kinds = ["short_text", "number", "choice", "date", "file"][:size]
        ids = ask(call, *[question(f"Q{n}", kind, choices=["A", "B"]) for n, kind in enumerate(kinds)])
        nomination = NominationFactory(call=call, nominator=nominator)
        for question_id in ids[:-1]:
            NominationAnswer.objects.create(nomination=nomination, question_id=question_id, value="A")
        client.force_login(nominator)
        path = url(nomination, page) if page else f"/nominations/{nomination.pk}/"
        counts.append(_queries(client, path))
    assert counts[0] == counts[1], counts
    assert counts[0] == PINNED[page]


# The pages' queries with a call that asks questions: the wording page's one, the answers'
# and the files' one each, on top of the page's own.
# (Three fewer than before the two-factor check told the header and the user bar.)
PINNED = {"edit/questions": 11, "review": 12, "": 12}
