"""The answers to a call's own questions and the office's internal notes: in the nominator's
download (answers only: the notes are the office's), and erased with the nomination."""

import io
import json
import zipfile

import pytest

from django.urls import reverse

from nominations.models import NominationAnswer, ScreeningNote
from privacy.anonymise import REMOVED
from privacy.services import erase_nominee
from tests.privacy.helpers import make_nomination

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(call, nominator, admin):
    nomination = make_nomination(call, nominator, "submit", photo=False)
    NominationAnswer.objects.create(
        nomination=nomination, question_id="q-jobs", question_label="Jobs created", value="45"
    )
    NominationAnswer.objects.create(
        nomination=nomination, question_id="q-partner", question_label="Main partner", value="Wang Fang's lab"
    )
    NominationAnswer.objects.create(nomination=nomination, question_id="q-empty", question_label="Optional", value="")
    ScreeningNote.objects.create(nomination=nomination, author=admin, text="Called Wang Fang to check the dates.")
    return nomination


def test_the_download_holds_the_answers_with_their_questions_and_no_note(client, nominator, answered):
    client.force_login(nominator)
    response = client.post(reverse("privacy_export"))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    mine = json.loads(archive.read("data.json"))["nominations"][0]
    assert {(a["question"], a["answer"]) for a in mine["answers"]} == {
        ("Jobs created", "45"),
        ("Main partner", "Wang Fang's lab"),
        ("Optional", ""),
    }
    assert "Called Wang Fang" not in archive.read("data.json").decode()


def test_erasing_a_nominee_replaces_the_answers_and_the_notes(answered, admin):
    record = erase_nominee(answered, by=admin, reason="The nominee asked.")
    answers = dict(NominationAnswer.objects.filter(nomination=answered).values_list("question_id", "value"))
    assert answers == {"q-jobs": REMOVED, "q-partner": REMOVED, "q-empty": ""}
    # The question as asked is the office's wording, not the nominee's data: it stays.
    assert NominationAnswer.objects.get(question_id="q-partner").question_label == "Main partner"
    assert list(ScreeningNote.objects.filter(nomination=answered).values_list("text", flat=True)) == [REMOVED]
    assert record.removed["answers"] == 2 and record.removed["notes"] == 1
    # A second erasure finds nothing more to replace.
    again = erase_nominee(answered, by=admin, reason="Asked twice.")
    assert again.removed["answers"] == 0 and again.removed["notes"] == 0
