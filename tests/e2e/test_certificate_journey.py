"""A nominator whose nomination was commended downloads its certificate from My nominations
once the results are announced, and a PDF copy of the nomination beside it."""

from pathlib import Path

import pytest

from wagtail.models import Site

from tests.e2e.helpers import sign_in
from tests.factories import CallIndexPageFactory
from tests.nominations.helpers.certificates import CertificateWorld, pdf_text
from tests.support import with_role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_nominator_downloads_the_certificate_from_my_nominations(live_server, desktop, tmp_path):
    home = Site.objects.get(is_default_site=True).root_page
    admin = with_role("Awards administrators", "awards-admin@example.net")
    world = CertificateWorld(CallIndexPageFactory(parent=home), admin)
    nomination = world.nomination(nominee_name="Lantern Bridge Sensors Ltd", title="Self-checking bridge bearings")

    sign_in(desktop, live_server.url, world.nominator.email)
    desktop.goto(live_server.url + "/nominations/")
    row = desktop.locator(".nomination-row", has_text="Self-checking bridge bearings")
    with desktop.expect_download() as info:
        row.get_by_role("link", name="Download certificate").click()
    download = info.value
    assert download.suggested_filename == f"certificate-{nomination.reference}.pdf"
    content = Path(download.path()).read_bytes()
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert "Lantern Bridge Sensors Ltd" in text and "一等奖" in text and "First prize" in text

    with desktop.expect_download() as info:
        row.get_by_role("link", name="PDF copy").click()
    copy = Path(info.value.path()).read_bytes()
    assert copy.startswith(b"%PDF") and nomination.reference in pdf_text(copy)
