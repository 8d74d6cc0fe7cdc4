"""A returned nomination shows the office's message and the amendment deadline (date and
time in the site's time zone, and how long is left) on every page used to amend it; after
the deadline, that editing is closed."""

import html
from datetime import timedelta

import pytest

from django.utils import timezone, translation
from django.utils.formats import date_format

from nominations import services
from nominations.models import Nomination

pytestmark = pytest.mark.django_db
MESSAGE = "Please add the lab report.\nAnd the <script>pilot</script> results."
PAGES = ["edit/nominee/", "edit/innovation/", "edit/impact/", "edit/files/", "edit/declarations/", "review/", ""]


@pytest.fixture
def returned(client, nominator, in_state, screener):
    nomination = in_state("submitted")
    services.screen(
        nomination_id=nomination.pk,
        user=screener,
        action="return",
        message=MESSAGE,
        deadline=timezone.now() + timedelta(days=5, hours=3),
    )
    client.force_login(nominator)
    return Nomination.objects.get(pk=nomination.pk)


def beijing(moment):
    with translation.override("en"):
        return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


@pytest.mark.parametrize("page", PAGES)
def test_every_page_used_to_amend_shows_the_message_and_the_deadline(client, returned, page):
    response = client.get(f"/nominations/{returned.pk}/{page}")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Changes requested by the awards office" in content
    # Escaped, with its line break kept.
    assert "Please add the lab report.<br>And the &lt;script&gt;pilot&lt;/script&gt; results." in content
    text = html.unescape(content)
    assert (
        f"Make the changes and resubmit before {beijing(returned.amendment_deadline)} (5\xa0days, 2\xa0hours left)"
        in text
    )
    assert "Times shown are Beijing time (UTC+8)." in text


def test_review_of_a_returned_nomination_quotes_the_amendment_deadline_not_the_calls_close(client, returned):
    text = html.unescape(client.get(f"/nominations/{returned.pk}/review/").content.decode())
    assert f"Resubmit it before the amendment deadline, {beijing(returned.amendment_deadline)}." in text
    assert "The call closes on" not in text
    assert "Resubmit the nomination" in text


def test_after_the_amendment_deadline_the_pages_say_editing_is_closed(client, returned):
    Nomination.objects.filter(pk=returned.pk).update(amendment_deadline=timezone.now() - timedelta(hours=1))
    returned.refresh_from_db()
    passed = f"The amendment deadline passed on {beijing(returned.amendment_deadline)}: editing is closed"

    detail = html.unescape(client.get(f"/nominations/{returned.pk}/").content.decode())
    review = html.unescape(client.get(f"/nominations/{returned.pk}/review/").content.decode())
    step = client.get(f"/nominations/{returned.pk}/edit/innovation/")

    assert passed in detail and passed in review
    assert "Please add the lab report." in detail
    assert "Edit and resubmit" not in detail
    assert "(the deadline has passed)" in detail and "left)" not in detail
    assert "Resubmit the nomination" not in review
    assert "the nomination can no longer be resubmitted" in review
    assert (step.status_code, step["Location"]) == (302, f"/nominations/{returned.pk}/")


def test_a_draft_shows_no_returned_notice_and_quotes_the_calls_close(client, nominator, in_state):
    draft = in_state("draft")
    client.force_login(nominator)
    text = html.unescape(client.get(f"/nominations/{draft.pk}/review/").content.decode())
    assert "Changes requested by the awards office" not in text
    assert f"The call closes on {beijing(draft.call.closes_at)}." in text
