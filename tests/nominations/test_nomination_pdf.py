"""The nominator's PDF copy of a nomination (nominations.nomination_pdf, views.pdfs): every
answer in the form's order with its label in the reader's language, the files by name, the
answers to the call's own questions, the reference and the state as the nominator may see
it; for the owner of a submitted nomination only."""

from io import BytesIO

import pytest
from pypdf import PdfReader

from django.urls import reverse

from nominations.models import NominationAnswer
from nominations.services import add_file
from nominations.uploads import validate_upload
from tests.factories import UserFactory
from tests.nominations.helpers.access import jpeg
from tests.nominations.helpers.certificates import pdf_text


def pdf_url(nomination):
    return reverse("nominations:pdf", args=[nomination.pk])


@pytest.mark.django_db
def test_the_owner_downloads_every_answer_in_the_forms_order(client, in_state, nominator):
    nomination = in_state(
        "submitted",
        nominee_name="Shanxi Graphene Materials Co.",
        title="Graphene anti-corrosion coating",
        summary="Halves corrosion on mine equipment.",
        evidence="Test reports from the provincial lab.",
    )
    add_file(nomination=nomination, upload=validate_upload(jpeg("coating-under-salt-spray.jpg")))
    client.force_login(nominator)
    response = client.get(pdf_url(nomination))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="nomination-{nomination.reference}.pdf"'
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response.content)
    for words in (
        nomination.reference,
        "Shanxi Graphene Materials Co.",
        "Graphene anti-corrosion coating",
        "Halves corrosion on mine equipment.",
        "Test reports from the provincial lab.",
        "coating-under-salt-spray.jpg",
        "Nominee's name",
        "Title of the innovation",
        "Enterprise",  # a choice, as the nominator picked it
        "Submitted",
        "The awards office is checking it",
    ):
        assert words in text, words
    headings = ["Nominee", "Innovation", "Impact", "Files", "Declarations"]
    positions = [text.index(f"\n{heading}\n") for heading in headings]
    assert positions == sorted(positions)


@pytest.mark.django_db
def test_labels_follow_the_readers_language_and_chinese_answers_read_back(client, in_state, nominator):
    nomination = in_state("submitted", title="石墨烯防腐涂层", nominee_name="山西石墨烯材料有限公司")
    client.force_login(nominator)
    client.cookies["django_language"] = "zh-hans"
    text = pdf_text(client.get(pdf_url(nomination)).content)
    for words in (
        "石墨烯防腐涂层",
        "山西石墨烯材料有限公司",
        "被提名者名称",
        "创新成果名称",
        "已提交",
        nomination.reference,
    ):
        assert words in text, words


@pytest.mark.django_db
def test_the_answers_to_the_calls_own_questions_are_in_the_copy(client, in_state, nominator):
    nomination = in_state("submitted")
    call = nomination.call
    call.questions = [
        (
            "question",
            {"kind": "short_text", "label": "Patent number", "help_text": "", "required": False, "choices": []},
        )
    ]
    call.save_revision().publish()
    call.refresh_from_db()
    NominationAnswer.objects.create(
        nomination=nomination,
        question_id=call.questions[0].id,
        question_label="Patent number",
        value="ZL 2030 1 0001.5",
    )
    client.force_login(nominator)
    text = pdf_text(client.get(pdf_url(nomination)).content)
    assert "Patent number" in text and "ZL 2030 1 0001.5" in text


@pytest.mark.django_db
def test_a_result_shows_only_after_the_announcement(client, in_state, nominator):
    nomination = in_state("commended")
    client.force_login(nominator)
    text = pdf_text(client.get(pdf_url(nomination)).content)
    assert "In judging" in text and "Commended" not in text
    cycle = nomination.call.cycle
    cycle.announcement_at = cycle.nominations_open
    cycle.save()
    text = pdf_text(client.get(pdf_url(nomination)).content)
    assert "Commended" in text and "In judging" not in text


@pytest.mark.django_db
def test_only_the_owner_and_never_a_draft(client, in_state, nominator):
    submitted, draft = in_state("submitted"), in_state("draft")
    anonymous = client.get(pdf_url(submitted))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("account_login"))
    client.force_login(UserFactory(email="someone-else@example.net"))
    assert client.get(pdf_url(submitted)).status_code == 404
    client.force_login(nominator)
    assert client.get(pdf_url(draft)).status_code == 404
    assert client.get(pdf_url(submitted)).status_code == 200


@pytest.mark.django_db
def test_the_copy_is_linked_from_my_nominations_and_the_nominations_page(client, in_state, nominator):
    submitted, draft = in_state("submitted"), in_state("draft")
    client.force_login(nominator)
    mine = client.get(reverse("nominations:mine")).content.decode()
    assert pdf_url(submitted) in mine and pdf_url(draft) not in mine
    assert pdf_url(submitted) in client.get(reverse("nominations:detail", args=[submitted.pk])).content.decode()
    assert pdf_url(draft) not in client.get(reverse("nominations:detail", args=[draft.pk])).content.decode()


@pytest.mark.django_db
def test_a_long_answer_runs_onto_further_pages(client, in_state, nominator):
    nomination = in_state("submitted", description="A paragraph of the description. " * 150)
    client.force_login(nominator)
    content = client.get(pdf_url(nomination)).content
    assert len(PdfReader(BytesIO(content)).pages) >= 2
