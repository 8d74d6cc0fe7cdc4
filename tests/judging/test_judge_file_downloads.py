"""A judge's files: PDFs are downloads in blind and open rounds alike; images show inline."""

import pytest

from tests.judging.helpers import IMAGE_NAME, PDF_NAME, assign, url

SANDBOX = "default-src 'none'; img-src 'self'; sandbox"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("round_fixture", "pdf_name", "image_name"),
    [("blind_round", "document-2.pdf", "image-1.jpg"), ("open_round", PDF_NAME, IMAGE_NAME)],
)
def test_judge_downloads_pdfs_and_sees_images_inline(
    request, client, judge, identified, round_fixture, pdf_name, image_name
):
    assignment = assign(request.getfixturevalue(round_fixture), identified, judge)
    image, document = identified.files.order_by("uploaded_at", "pk")
    client.force_login(judge.user)

    pdf = client.get(url(assignment, f"files/{document.pk}/"))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == f'attachment; filename="{pdf_name}"'
    assert pdf["Content-Security-Policy"] == SANDBOX

    jpeg = client.get(url(assignment, f"files/{image.pk}/"))
    assert jpeg["Content-Disposition"] == f'inline; filename="{image_name}"'
    assert jpeg["Content-Security-Policy"] == SANDBOX
