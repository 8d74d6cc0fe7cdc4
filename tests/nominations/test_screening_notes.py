"""Internal notes on a nomination: the awards office writes and reads them on the inspect
view; nobody else ever sees them (nominator, judges, editors), and none is edited or
deleted."""

import io

import openpyxl
import pytest

from django.urls import reverse
from django.utils import timezone

from nominations.models import ScreeningNote
from tests.factories import AssignmentFactory, JudgeProfileFactory, PanelFactory, RoundFactory
from tests.nominations.helpers import screening
from tests.nominations.helpers.screening import login, url

# The shared fixtures, bound here so pytest finds them.
calls = screening.calls
cycle = screening.cycle
make = screening.make
office = screening.office

NOTE = "Called the nominee's office: the lab report is on its way."


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["screener", "admin"])
def test_the_office_adds_a_note_and_reads_it_with_author_and_time(client, office, make, role):
    nomination = make()
    author = office[role]
    author.first_name, author.last_name = "Wang", "Fang"
    author.save()
    login(client, author)
    inspect = client.get(url("inspect", nomination.pk)).content.decode()
    assert "Internal notes" in inspect
    assert url("add_note", nomination.pk) in inspect
    assert "No internal notes yet." in inspect

    before = timezone.now()
    response = client.post(url("add_note", nomination.pk), {"text": NOTE})
    after = timezone.now()
    assert response.status_code == 302
    assert response["Location"] == url("inspect", nomination.pk) + "#notes"
    note = ScreeningNote.objects.get(nomination=nomination)
    assert (note.author, note.text) == (author, NOTE)
    assert before <= note.created_at <= after  # stamped when written, not taken from the form

    body = client.get(url("inspect", nomination.pk)).content.decode()
    assert body.count("data-note") == 1
    assert NOTE.replace("'", "&#x27;") in body
    assert "Wang Fang" in body
    assert note.created_at.isoformat()[:16] in body or timezone.localtime(note.created_at).isoformat()[:16] in body


@pytest.mark.django_db
def test_notes_are_listed_oldest_first_and_a_blank_note_is_a_form_error(client, office, make):
    nomination = make()
    login(client, office["screener"])
    client.post(url("add_note", nomination.pk), {"text": "First note."})
    login(client, office["admin"])
    client.post(url("add_note", nomination.pk), {"text": "Second note."})
    response = client.post(url("add_note", nomination.pk), {"text": "   "})
    assert response.status_code == 200
    assert "text" in response.context["form"].errors
    too_long = client.post(url("add_note", nomination.pk), {"text": "x" * 2001})
    assert too_long.status_code == 200
    assert ScreeningNote.objects.filter(nomination=nomination).count() == 2
    body = client.get(url("inspect", nomination.pk)).content.decode()
    assert body.index("First note.") < body.index("Second note.")
    assert office["screener"].get_full_name() in body and office["admin"].get_full_name() in body


@pytest.mark.django_db
def test_a_note_cannot_be_edited_or_deleted(client, office, make):
    nomination = make()
    note = ScreeningNote.objects.create(nomination=nomination, author=office["screener"], text=NOTE)
    login(client, office["admin"])
    body = client.get(url("inspect", nomination.pk)).content.decode()
    assert "Notes cannot be edited or deleted." in body
    # No admin of its own: no URL edits, deletes or lists notes.
    assert client.get("/admin/snippets/nominations/screeningnote/").status_code == 404
    assert client.post(url("add_note", nomination.pk), {"text": NOTE, "pk": note.pk}).status_code == 302
    assert ScreeningNote.objects.filter(nomination=nomination).count() == 2
    assert ScreeningNote.objects.get(pk=note.pk).text == NOTE


@pytest.mark.django_db
def test_editors_reading_a_winner_see_no_notes_and_cannot_add_one(client, office, make):
    winner = make(steps=("submit", "accept", "shortlist", "commend"))
    ScreeningNote.objects.create(nomination=winner, author=office["screener"], text=NOTE)
    login(client, office["editor"])
    body = client.get(url("inspect", winner.pk)).content.decode()
    assert "lab report is on its way" not in body
    assert "Internal notes" not in body
    assert url("add_note", winner.pk) not in body
    response = client.post(url("add_note", winner.pk), {"text": "An editor's note."})
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")  # Wagtail's "no permission"
    assert ScreeningNote.objects.filter(nomination=winner).count() == 1


@pytest.mark.django_db
def test_others_cannot_add_notes(client, office, make):
    nomination = make()
    draft = make(steps=())
    login(client, office["judge"])
    assert client.post(url("add_note", nomination.pk), {"text": "A judge's note."}).status_code == 302
    login(client, nomination.nominator)
    assert client.post(url("add_note", nomination.pk), {"text": "The owner's note."}).status_code == 302
    login(client, office["screener"])
    assert client.post(url("add_note", draft.pk), {"text": "On a draft."}).status_code == 404
    assert client.post(url("add_note", 999999), {"text": "On nothing."}).status_code == 404
    assert not ScreeningNote.objects.exists()


@pytest.mark.django_db
def test_a_note_is_never_shown_to_the_nominator_or_the_judge(client, office, make, cycle):
    nomination = make(steps=("submit", "accept"))
    ScreeningNote.objects.create(nomination=nomination, author=office["screener"], text=NOTE)
    judge = JudgeProfileFactory()
    PanelFactory(cycle=cycle, members=[judge], chair=judge)
    assignment = AssignmentFactory(  # with the judge's statement for the cycle, confirmed
        round=RoundFactory(cycle=cycle, blind=False),
        nomination=nomination,
        judge=judge,
        declared_no_conflict_at=timezone.now(),
    )

    login(client, nomination.nominator)
    detail = client.get(reverse("nominations:detail", args=[nomination.pk]))
    assert detail.status_code == 200
    assert nomination.title in detail.content.decode()
    assert "lab report is on its way" not in detail.content.decode()

    login(client, judge.user)
    page = client.get(reverse("judging:assignment", args=[assignment.pk]))
    assert page.status_code == 200
    assert nomination.title in page.content.decode()
    assert "lab report is on its way" not in page.content.decode()


@pytest.mark.django_db
def test_a_note_is_in_no_judging_page_or_export(client, call_index):
    from tests.judging.helpers import World, score_all

    world = World(call_index)
    nomination = world.nomination(title="Lantern sensors")
    ScreeningNote.objects.create(nomination=nomination, author=world.screener, text=NOTE)
    for judge in world.judges:
        score_all(world.assign(nomination, judge))

    client.force_login(world.chair.user)
    results_csv = client.get(world.url("results"), {"format": "csv"})
    assert results_csv.status_code == 200
    assert nomination.reference in results_csv.content.decode("utf-8-sig")
    record = client.get(reverse("judging:nomination_audit", args=[nomination.pk]))
    assert record.status_code == 200
    assert "Lantern sensors" in record.content.decode()
    client.force_login(world.admin)
    response = client.get(reverse("judging:round_audit", args=[world.round.pk]))
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(getattr(response, "streaming_content", [response.content]))))
    cells = " ".join(
        str(value) for sheet in workbook for row in sheet.iter_rows(values_only=True) for value in row if value
    )
    assert nomination.reference in cells
    for text in (results_csv.content.decode("utf-8-sig"), record.content.decode(), cells):
        assert "lab report is on its way" not in text
