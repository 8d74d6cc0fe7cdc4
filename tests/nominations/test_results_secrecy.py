"""Results stay secret until the cycle's announcement (AwardCycle.is_announced, asked
through Nomination.results_visible): no state, history entry, message, email, button or
ordering tells a nominator (or the public) whether a nomination was shortlisted or
commended before then; from the announcement on, the nominator reads the result."""

import re
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup

from django.contrib.messages import get_messages
from django.core import mail

from judging.decisions import decide
from judging.models import AwardLevel
from nominations.models import Nomination
from tests.factories import NominationFactory, advance
from tests.judging.helpers import ready_for_decisions
from tests.nominations.helpers.winners import add_photos, announce, publish

pytestmark = pytest.mark.django_db

RESULTS = ["shortlisted", "not_shortlisted", "commended", "not_commended"]
LABELS = {
    "shortlisted": "Shortlisted",
    "not_shortlisted": "Not shortlisted",
    "commended": "Commended",
    "not_commended": "Not commended",
}
# What the result states read as, to a nominator: their labels (case-sensitive: the form's
# "... if commended" question is no result), their next steps, and the state codes.
RESULT_WORDS = [
    *LABELS.values(),
    "It goes to the final round of judging.",
    "Thank you for taking part.",
    "Congratulations",
]
RESULT_CODE = re.compile(r"(?<![\w-])(not_)?(shortlisted|commended)(?![\w-])|state-(not_)?(shortlisted|commended)")


def leaks(text):
    """The result words and state codes found in a page, a message or an email."""
    found = [word for word in RESULT_WORDS if word in text]
    # State codes, but not the words inside the consent question's sentence.
    text = text.replace("named publicly if commended", "").replace("if commended", "")
    return found + [m.group(0) for m in RESULT_CODE.finditer(text)]


def page(client, url):
    response = client.get(url, follow=True)
    assert response.status_code == 200
    messages = " ".join(str(m) for m in get_messages(response.wsgi_request))
    return response.content.decode() + messages


def nominator_view(client, nomination):
    """What the nominator reads about a nomination: badge, next step, history, actions."""
    soup = BeautifulSoup(client.get(f"/nominations/{nomination.pk}/").content, "html.parser")
    return {
        "badge": soup.select_one(".facts .badge").get_text(strip=True),
        "badge_class": soup.select_one(".facts .badge")["class"],
        "history": [li.get_text(" ", strip=True).split(" — ")[-1] for li in soup.select(".history li")],
        "actions": [a.get_text(strip=True) for a in soup.select(".form-actions a, .form-actions button")],
    }


def nominator_urls(nomination):
    pk = nomination.pk
    return [
        "/nominations/",
        f"/nominations/{pk}/",
        f"/nominations/{pk}/review/",
        f"/nominations/{pk}/withdraw/",
        f"/nominations/{pk}/edit/nominee/",  # locked: back to the page with a message
        f"/nominations/{pk}/edit/files/",
    ]


@pytest.mark.parametrize("state", RESULTS)
def test_before_the_announcement_no_nominator_page_tells_the_result(client, in_state, nominator, state):
    nomination = in_state(state)
    announce(nomination.call.cycle, announced=False)
    client.force_login(nominator)
    for url in nominator_urls(nomination):
        assert leaks(page(client, url)) == [], url


@pytest.mark.parametrize("state", RESULTS)
def test_before_the_announcement_a_result_reads_exactly_as_eligible(client, in_state, nominator, state):
    eligible = in_state("eligible")
    decided = in_state(state)
    announce(decided.call.cycle, announced=False)
    announce(eligible.call.cycle, announced=False)
    client.force_login(nominator)
    seen = nominator_view(client, decided)
    assert seen == nominator_view(client, eligible)
    assert seen == {
        "badge": "In judging",
        "badge_class": ["badge", "badge--state-eligible"],
        "history": ["Submitted", "Eligible"],
        "actions": ["Withdraw", "Download a PDF copy", "All my nominations"],
    }


@pytest.mark.parametrize(
    ("state", "history"),
    [
        ("shortlisted", ["Submitted", "Eligible", "Shortlisted"]),
        ("not_shortlisted", ["Submitted", "Eligible", "Not shortlisted"]),
        ("commended", ["Submitted", "Eligible", "Shortlisted", "Commended"]),
        ("not_commended", ["Submitted", "Eligible", "Shortlisted", "Not commended"]),
    ],
)
def test_after_the_announcement_the_nominator_reads_the_result(client, in_state, nominator, state, history):
    nomination = in_state(state)
    announce(nomination.call.cycle)
    client.force_login(nominator)
    seen = nominator_view(client, nomination)
    assert seen["badge"] == LABELS[state]
    assert seen["badge_class"] == ["badge", f"badge--state-{state}"]
    assert seen["history"] == history
    # No withdrawing after the results; the certificate for a commendation only.
    certificate = ["Download certificate"] if state == "commended" else []
    assert seen["actions"] == [*certificate, "Download a PDF copy", "All my nominations"]
    listing = page(client, "/nominations/")
    assert LABELS[state] in listing
    assert f"badge--state-{state}" in listing


@pytest.mark.parametrize("state", RESULTS)
def test_withdrawing_before_the_announcement_works_from_every_result(
    client, in_state, nominator, state, django_capture_on_commit_callbacks
):
    nomination = in_state(state)
    announce(nomination.call.cycle, announced=False)
    client.force_login(nominator)
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/nominations/{nomination.pk}/withdraw/", {"reason": "Changed our minds"}, follow=True)
    nomination.refresh_from_db()
    assert nomination.state == "withdrawn"
    assert leaks(response.content.decode()) == []
    assert [leaks(m.subject + m.body) for m in mail.outbox] == [[]]
    assert nominator_view(client, nomination)["history"] == ["Submitted", "Eligible", "Withdrawn"]


@pytest.mark.parametrize("state", RESULTS)
def test_a_refused_submit_names_the_visible_state(client, in_state, nominator, state):
    nomination = in_state(state)
    announce(nomination.call.cycle, announced=False)
    client.force_login(nominator)
    response = client.post(f"/nominations/{nomination.pk}/submit/", follow=True)
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == ["This cannot be done while the nomination is “Eligible”."]


def test_withdrawing_after_the_announcement_is_refused_without_naming_the_result(client, in_state, nominator):
    nomination = in_state("not_shortlisted")
    announce(nomination.call.cycle)
    client.force_login(nominator)
    response = client.post(f"/nominations/{nomination.pk}/withdraw/", {"reason": "Late"}, follow=True)
    nomination.refresh_from_db()
    assert nomination.state == "not_shortlisted"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "The results have been announced: the nomination can no longer be withdrawn."
    ]


def test_decisions_email_no_nominator(in_state, awards_admin, nominator, django_capture_on_commit_callbacks):
    first, second = in_state("eligible"), in_state("eligible")
    announce(first.call.cycle, announced=False)
    level = AwardLevel.objects.create(cycle=first.call.cycle, name="First prize", rank=1)
    third = in_state("shortlisted")
    for nomination in (first, second, third):
        ready_for_decisions(nomination.call.cycle, nomination.call.category, awards_admin)
    paper = "Scored on paper."
    with django_capture_on_commit_callbacks(execute=True):
        decide(nomination=first, user=awards_admin, outcome="shortlist", override_reason=paper)
        decide(nomination=second, user=awards_admin, outcome="not_shortlist", override_reason=paper)
        decide(nomination=first, user=awards_admin, outcome="commend", level=level, override_reason=paper)
        decide(nomination=third, user=awards_admin, outcome="not_commend", override_reason=paper)
    states = [n.state for n in Nomination.objects.filter(pk__in=[first.pk, second.pk, third.pk]).order_by("pk")]
    assert states == ["commended", "not_shortlisted", "not_commended"]
    assert mail.outbox == []


def test_a_decision_does_not_move_a_nomination_in_my_list(client, in_state, nominator, awards_admin):
    older = in_state("eligible", title="Older one")
    in_state("eligible", title="Newer one")
    announce(older.call.cycle, announced=False)
    client.force_login(nominator)
    before = [n.title for n in client.get("/nominations/").context["nominations"]]
    ready_for_decisions(older.call.cycle, older.call.category, awards_admin, numbers=(1,))
    decide(nomination=older, user=awards_admin, outcome="shortlist", override_reason="Scored on paper.")
    after = [n.title for n in client.get("/nominations/").context["nominations"]]
    assert before == after == ["Newer one", "Older one"]


@pytest.mark.parametrize("announced", [False, True])
def test_public_pages_show_a_winner_only_after_the_announcement(
    client, in_state, winners_index, home_page, awards_admin, announced
):
    nomination = in_state("commended", title="Lantern bridge sensors", consent_public_name=True)
    add_photos(nomination, 1)
    announce(nomination.call.cycle, announced=announced)
    story = publish(nomination, awards_admin)
    surfaces = ["/en/", "/en/winners/", "/en/search/?q=Lantern", "/sitemap.xml", "/en/winners/feed/"]
    found = {url: "Lantern bridge sensors" in client.get(url).content.decode() for url in surfaces}
    found[story.url] = client.get(story.url).status_code == 200
    found["hero image"] = client.get(story.hero_image.file.url).status_code == 200
    if not announced:  # the sitemap lists URLs, not titles
        assert client.get("/sitemap.xml").content.decode().count(story.url) == 0
    assert found == dict.fromkeys(found, announced) | ({"/sitemap.xml": False} if announced else {})
    if announced:
        assert story.url in client.get("/sitemap.xml").content.decode()


def test_nominator_of_an_unannounced_winner_sees_no_story(client, in_state, winners_index, nominator, awards_admin):
    nomination = in_state("commended", title="Lantern bridge sensors", consent_public_name=True)
    announce(nomination.call.cycle, announced=False)
    story = publish(nomination, awards_admin)
    client.force_login(nominator)
    assert client.get(story.url).status_code == 404
    assert "Lantern bridge sensors" not in client.get("/en/winners/").content.decode()


def test_results_visible_is_the_cycles_announcement(in_state):
    nomination = in_state("commended")
    cycle = nomination.call.cycle
    assert nomination.results_visible(cycle.announcement_at) is True
    assert nomination.results_visible(cycle.announcement_at - timedelta(seconds=1)) is False
    assert nomination.visible_state(cycle.announcement_at) == "commended"
    assert cycle.is_announced(cycle.announcement_at) is True


def test_other_nominations_of_the_same_call_are_unaffected(client, call_index, nominator, awards_admin):
    nomination = NominationFactory(nominator=nominator, call__parent=call_index)
    advance(nomination, "submit", by=nominator)
    client.force_login(nominator)
    assert nominator_view(client, nomination)["badge"] == "Submitted"
