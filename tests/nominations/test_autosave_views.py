"""A step's saves through the view: the script's autosave (X-Autosave, only the changed
answers with their bases) and the full form post without the script. Two tabs on one draft
keep both people's answers; an answer changed elsewhere is shown, not overwritten."""

import html
import json
import re

import pytest

from nominations.autosave import as_text
from nominations.forms import STEPS
from tests.factories import CallPageFactory, NominationFactory

pytestmark = pytest.mark.django_db
AUTOSAVE = {"X-Autosave": "1"}
INNOVATION = {slug: names for slug, _label, names in STEPS}["innovation"]


@pytest.fixture
def call(call_index):
    return CallPageFactory(parent=call_index)


@pytest.fixture
def draft(call, nominator, client):
    client.force_login(nominator)
    return NominationFactory(call=call, nominator=nominator, title="Original title", summary="Original summary.")


def url(nomination, step="innovation"):
    return f"/nominations/{nomination.pk}/edit/{step}/"


def page_bases(client, nomination, step="innovation"):
    """The base-<field> inputs of the step page as a browser would post them."""
    content = client.get(url(nomination, step)).content.decode()
    found = re.findall(r'<input type="hidden" name="base-([a-z_]+)" value="([^"]*)">', content)
    return {name: html.unescape(value) for name, value in found}


def autosave(client, nomination, changes, bases, step="innovation"):
    data = {"changed": list(changes)} | {f"base-{name}": bases[name] for name in changes}
    data |= {name: value for name, value in changes.items() if value is not None}
    return client.post(url(nomination, step), data, headers=AUTOSAVE)


def full_post(nomination, bases, **changes):
    """What the form without the script posts: every answer of the step, and the bases."""
    data = {name: getattr(nomination, name) for name in INNOVATION} | changes
    return data | {f"base-{name}": value for name, value in bases.items()} | {"save": "1"}


def test_step_page_carries_the_stored_value_of_each_answer_as_its_base(client, draft):
    bases = page_bases(client, draft)
    assert bases == {name: as_text(getattr(draft, name)) for name in INNOVATION}
    assert bases["title"] == "Original title"


def test_two_tabs_changing_different_answers_both_keep_theirs(client, draft):
    tab_a, tab_b = page_bases(client, draft), page_bases(client, draft)

    a = autosave(client, draft, {"title": "Title from tab A"}, tab_a)
    b = autosave(client, draft, {"summary": "Summary from tab B."}, tab_b)

    assert (a.status_code, b.status_code) == (200, 200)
    assert json.loads(a.content)["bases"] == {"title": "Title from tab A"}
    body = json.loads(b.content)
    assert (body["saved"], body["bases"], body["conflicts"]) == (True, {"summary": "Summary from tab B."}, [])
    assert body["message"].startswith("Saved at ")
    draft.refresh_from_db()
    assert (draft.title, draft.summary) == ("Title from tab A", "Summary from tab B.")


def test_autosave_based_on_an_older_version_is_a_conflict_with_both_texts(client, draft):
    tab_a, tab_b = page_bases(client, draft), page_bases(client, draft)
    autosave(client, draft, {"title": "Title from tab A"}, tab_a)

    response = autosave(client, draft, {"title": "Title from tab B", "novelty": "New from tab B."}, tab_b)

    assert response.status_code == 409
    body = json.loads(response.content)
    assert body["saved"] is False
    assert "Saved" not in body["message"]
    assert body["message"].startswith("Not saved: an answer was changed in another tab or window.")
    assert body["conflicts"] == [
        {
            "field": "title",
            "label": "Title of the innovation",
            "stored": "Title from tab A",
            "yours": "Title from tab B",
            "stored_text": "Title from tab A",
            "yours_text": "Title from tab B",
        }
    ]
    assert body["bases"] == {"novelty": "New from tab B."}  # the answer without conflict was saved
    draft.refresh_from_db()
    assert (draft.title, draft.novelty) == ("Title from tab A", "New from tab B.")


def test_keeping_ones_own_version_after_a_conflict_saves_it(client, draft):
    tab_a, tab_b = page_bases(client, draft), page_bases(client, draft)
    autosave(client, draft, {"title": "Title from tab A"}, tab_a)
    conflict = json.loads(autosave(client, draft, {"title": "Title from tab B"}, tab_b).content)["conflicts"][0]

    # "Keep my version": the page's base becomes the stored text it was shown.
    kept = autosave(client, draft, {"title": "Title from tab B"}, {"title": conflict["stored"]})

    assert kept.status_code == 200
    draft.refresh_from_db()
    assert draft.title == "Title from tab B"


def test_conflict_on_a_choice_reads_with_the_choices_labels(client, draft):
    tab_a, tab_b = page_bases(client, draft, "impact"), page_bases(client, draft, "impact")
    autosave(client, draft, {"stage": "pilot"}, tab_a, step="impact")

    response = autosave(client, draft, {"stage": "research"}, tab_b, step="impact")

    conflict = json.loads(response.content)["conflicts"][0]
    assert (conflict["stored"], conflict["yours"]) == ("pilot", "research")
    assert (conflict["stored_text"], conflict["yours_text"]) == ("Pilot", "Research")


def test_unticking_a_checkbox_is_saved_from_its_name_alone(client, draft):
    bases = page_bases(client, draft, "declarations")
    assert bases["consent_processing"] == "on"
    response = autosave(client, draft, {"consent_processing": None}, bases, step="declarations")
    assert json.loads(response.content)["bases"] == {"consent_processing": ""}
    draft.refresh_from_db()
    assert (draft.consent_processing, draft.declaration_true) == (False, True)


def test_autosave_ignores_names_that_are_not_answers_of_the_step(client, draft):
    response = client.post(
        url(draft),
        {"changed": ["reference", "results"], "reference": "FAKE-1", "results": "Not this step."},
        headers=AUTOSAVE,
    )
    assert (response.status_code, json.loads(response.content)["bases"]) == (200, {})
    draft.refresh_from_db()
    assert (draft.reference, draft.results.startswith("Maintenance")) == (None, True)


def test_invalid_autosave_saves_nothing_and_says_why(client, draft):
    response = autosave(client, draft, {"summary": "x" * 301, "title": "Fine"}, page_bases(client, draft))
    assert response.status_code == 400
    assert list(json.loads(response.content)["errors"]) == ["summary"]
    draft.refresh_from_db()
    assert draft.title == "Original title"


def test_autosave_on_a_submitted_nomination_is_refused(client, draft, nominator):
    from tests.factories import advance

    advance(draft, "submit", by=nominator)
    response = autosave(client, draft, {"title": "Late"}, {"title": "Original title"})
    assert response.status_code == 409
    assert json.loads(response.content)["saved"] is False
    draft.refresh_from_db()
    assert draft.title == "Original title"


def test_full_post_writes_only_what_the_person_changed(client, draft):
    old_page = page_bases(client, draft)
    autosave(client, draft, {"summary": "Summary from the other tab."}, page_bases(client, draft))

    # The old page still shows the old summary; the person changed only the title there.
    response = client.post(url(draft), full_post(draft, old_page, title="New title", summary="Original summary."))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.summary) == ("New title", "Summary from the other tab.")


def test_full_post_from_an_old_page_shows_the_conflict_instead_of_overwriting(client, draft):
    old_page = page_bases(client, draft)
    autosave(client, draft, {"title": "<b>Title</b> from the other tab"}, page_bases(client, draft))

    response = client.post(url(draft), full_post(draft, old_page, title="My title", novelty="My novelty."))

    assert response.status_code == 409
    content = response.content.decode()
    assert "Not saved: an answer was changed in another tab or window while you were editing." in content
    assert "The version saved elsewhere" in content and "Your version" in content
    assert "&lt;b&gt;Title&lt;/b&gt; from the other tab" in content  # escaped, shown
    assert "<b>Title</b>" not in content
    assert 'name="title" value="My title"' in content  # the person's text stays in the field
    bases = dict(re.findall(r'<input type="hidden" name="base-([a-z_]+)" value="([^"]*)">', content))
    assert bases["title"] == "&lt;b&gt;Title&lt;/b&gt; from the other tab"
    draft.refresh_from_db()
    assert (draft.title, draft.novelty) == ("<b>Title</b> from the other tab", "My novelty.")

    # Saving the shown form again keeps the person's version: they have seen the other one.
    again = client.post(url(draft), full_post(draft, {**old_page, "title": draft.title}, title="My title"))
    assert again.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "My title"


def test_invalid_full_post_is_shown_again_with_the_bases_it_was_made_from(client, draft):
    old_page = page_bases(client, draft)
    autosave(client, draft, {"title": "Title from the other tab"}, page_bases(client, draft))
    response = client.post(url(draft), full_post(draft, old_page, summary="x" * 301))
    assert response.status_code == 200
    assert '<input type="hidden" name="base-title" value="Original title">' in response.content.decode()


def test_full_post_without_bases_saves_as_before(client, draft):
    data = {name: getattr(draft, name) for name in INNOVATION} | {"title": "Posted without bases"}
    response = client.post(url(draft), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Posted without bases"
