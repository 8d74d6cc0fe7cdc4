"""Partner regions: asked beside the partner organisations as ticked boxes, saved in the
Region order (unknown codes refused), autosaved like any answer, read back on the review
page, and the one rule of a cross-regional partnership (is_cross_regional)."""

import csv
import html
import io
import json
import re

import pytest
from bs4 import BeautifulSoup

from django.urls import reverse

from nominations.models.nomination import is_cross_regional
from tests.factories import CallPageFactory, NominationFactory, UserFactory, advance
from tests.nominations.helpers import NOMINEE
from tests.support import with_role

AUTOSAVE = {"X-Autosave": "1"}


@pytest.fixture
def draft(call_index, nominator, client):
    client.force_login(nominator)
    return NominationFactory(call=CallPageFactory(parent=call_index), nominator=nominator)


def url(nomination):
    return f"/nominations/{nomination.pk}/edit/nominee/"


def page_bases(client, nomination):
    content = client.get(url(nomination)).content.decode()
    found = re.findall(r'<input type="hidden" name="base-([a-z_]+)" value="([^"]*)">', content)
    return {name: html.unescape(value) for name, value in found}


@pytest.mark.parametrize(
    ("region", "partner_regions", "expected"),
    [
        ("datong", ["jing_jin_ji"], True),
        ("datong", ["datong", "greater_bay"], True),
        ("datong", ["datong"], False),
        ("datong", [], False),
        ("datong", ["atlantis"], False),  # an unknown code names no region
        ("", ["shanxi"], True),
    ],
)
def test_a_nomination_is_cross_regional_when_it_names_a_partner_region_other_than_its_own(
    region, partner_regions, expected
):
    assert is_cross_regional(region, partner_regions) is expected


@pytest.mark.django_db
def test_the_nominee_step_asks_the_partner_regions_as_boxes_beside_the_partner_organisations(client, draft):
    soup = BeautifulSoup(client.get(url(draft)).content, "html.parser")
    names = [
        field["name"] for field in soup.select("form.nomination-form [name]") if not field["name"].startswith("base-")
    ]
    ordered = list(dict.fromkeys(names))
    assert ordered.index("partner_regions") == ordered.index("partner_organisations") + 1
    boxes = soup.select("input[type=checkbox][name=partner_regions]")
    assert [box["value"] for box in boxes] == [
        "datong",
        "shanxi",
        "jing_jin_ji",
        "yangtze_delta",
        "greater_bay",
        "other",
    ]
    legend = boxes[0].find_parent("fieldset").legend.get_text(strip=True)
    assert legend == "Regions of the partner organisations"


@pytest.mark.django_db
def test_the_form_saves_the_ticked_regions_in_the_regions_order(client, draft):
    data = {**NOMINEE, "partner_regions": ["greater_bay", "jing_jin_ji", "greater_bay"], "save": "1"}
    response = client.post(url(draft), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.partner_regions == ["jing_jin_ji", "greater_bay"]
    assert draft.is_cross_regional
    assert page_bases(client, draft)["partner_regions"] == "jing_jin_ji,greater_bay"
    checked = BeautifulSoup(client.get(url(draft)).content, "html.parser").select(
        "input[name=partner_regions][checked]"
    )
    assert [box["value"] for box in checked] == ["jing_jin_ji", "greater_bay"]


@pytest.mark.django_db
def test_an_unknown_region_is_a_form_error_and_nothing_is_saved(client, draft):
    data = {**NOMINEE, "nominee_name": "Changed", "partner_regions": ["jing_jin_ji", "atlantis"], "save": "1"}
    response = client.post(url(draft), data)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert "atlantis is not one of the available choices" in soup.select_one(".field--error .errorlist").get_text()
    draft.refresh_from_db()
    assert (draft.partner_regions, draft.nominee_name.startswith("Nominee Company")) == ([], True)


@pytest.mark.django_db
def test_autosave_ticks_and_unticks_regions_from_their_base(client, draft):
    bases = page_bases(client, draft)
    assert bases["partner_regions"] == ""
    ticked = client.post(
        url(draft),
        {"changed": "partner_regions", "base-partner_regions": "", "partner_regions": ["shanxi", "datong"]},
        headers=AUTOSAVE,
    )
    assert json.loads(ticked.content)["bases"] == {"partner_regions": "datong,shanxi"}
    # Unticking every box sends the name alone (no value).
    cleared = client.post(
        url(draft), {"changed": "partner_regions", "base-partner_regions": "datong,shanxi"}, headers=AUTOSAVE
    )
    assert json.loads(cleared.content)["bases"] == {"partner_regions": ""}
    draft.refresh_from_db()
    assert draft.partner_regions == []


@pytest.mark.django_db
def test_an_autosave_from_an_older_page_is_a_conflict_read_with_the_regions_names(client, draft):
    client.post(
        url(draft),
        {"changed": "partner_regions", "base-partner_regions": "", "partner_regions": ["datong"]},
        headers=AUTOSAVE,
    )
    response = client.post(
        url(draft),
        {"changed": "partner_regions", "base-partner_regions": "", "partner_regions": ["other"]},
        headers=AUTOSAVE,
    )
    assert response.status_code == 409
    conflict = json.loads(response.content)["conflicts"][0]
    assert (conflict["stored"], conflict["yours"]) == ("datong", "other")
    assert (conflict["stored_text"], conflict["yours_text"]) == ("Datong", "Other")
    draft.refresh_from_db()
    assert draft.partner_regions == ["datong"]


@pytest.mark.django_db
def test_the_review_page_reads_the_regions_back_by_name(client, draft):
    draft.partner_regions = ["yangtze_delta", "jing_jin_ji"]
    draft.save()
    soup = BeautifulSoup(client.get(f"/nominations/{draft.pk}/review/").content, "html.parser")
    rows = {
        dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True)
        for dt in soup.select(".review-list dt")
    }
    assert rows["Regions of the partner organisations"] == "Beijing-Tianjin-Hebei, Yangtze River Delta"


@pytest.mark.django_db
def test_the_admin_shows_and_exports_the_regions_by_name(client, call_index):
    screener = with_role("Screeners", "screener@example.net")
    nominator = UserFactory()
    nomination = NominationFactory(
        call=CallPageFactory(parent=call_index), nominator=nominator, partner_regions=["shanxi", "other"]
    )
    advance(nomination, "submit", by=nominator)
    client.force_login(screener)
    inspect = client.get(reverse("wagtailsnippets_nominations_nomination:inspect", args=[nomination.pk]))
    assert "Elsewhere in Shanxi, Other" in inspect.content.decode()
    export = client.get("/admin/snippets/nominations/nomination/", {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert dict(zip(rows[0], rows[1], strict=True))["Regions of the partner organisations"] == (
        "Elsewhere in Shanxi, Other"
    )
