# ruff: noqa: RUF001 (full-width and Chinese text in expected values)
"""Possible duplicates: the same nominee and organisation in one cycle, compared after
NFKC, case folding and collapsing whitespace (Chinese as it is); flagged on the inspect
view, in the listing and by a filter, at a fixed number of queries."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from nominations.screening.duplicates import annotate, normalise
from tests.factories import AwardCycleFactory, CallPageFactory
from tests.nominations.helpers import screening
from tests.nominations.helpers.screening import LIST_URL, login, url

# The shared fixtures, bound here so pytest finds them.
calls = screening.calls
cycle = screening.cycle
make = screening.make
office = screening.office

# The listing's queries for a screener (tests/nominations/test_screening_admin.py counts
# them), whatever the number of rows or of duplicates among them.
LISTING_QUERIES = 16


def test_normal_form_ignores_case_width_and_whitespace():
    assert normalise("  Zhang   Wei ") == normalise("zhang wei") == "zhang wei"
    assert normalise("ＡＣＭＥ\u3000Ｌｔｄ") == normalise("Acme Ltd")  # full-width letters and space
    assert normalise("Datong\tGraphene\nWorks") == "datong graphene works"
    assert normalise("大同新材料有限公司") == normalise(" 大同新材料有限公司 ")
    assert normalise("大同新材料有限公司") != normalise("大同新材料公司")
    assert normalise("") == normalise(None) == ""


@pytest.mark.django_db
def test_same_nominee_and_organisation_in_one_cycle_across_spellings(make, calls):
    first = make(nominee_name="Zhang Wei", nominee_organisation="Datong Graphene Works")
    second = make(category="MAT", nominee_name="ZHANG  WEI", nominee_organisation="ｄａｔｏｎｇ Graphene Works ")
    chinese = make(nominee_name="张伟", nominee_organisation="大同石墨烯厂")
    chinese_again = make(nominee_name="张伟", nominee_organisation="大同石墨烯厂")
    other_organisation = make(nominee_name="Zhang Wei", nominee_organisation="Shanxi University")
    draft = make(steps=(), nominee_name="Zhang Wei", nominee_organisation="Datong Graphene Works")
    withdrawn = make(
        steps=("submit", "withdraw"), nominee_name="zhang wei", nominee_organisation="datong graphene works"
    )
    later_cycle = CallPageFactory(parent=calls["TEC"].get_parent(), cycle=AwardCycleFactory())
    next_year = make(call=later_cycle, nominee_name="Zhang Wei", nominee_organisation="Datong Graphene Works")

    rows = annotate([first, second, chinese, chinese_again, other_organisation, withdrawn, next_year])
    found = {row.pk: row.possible_duplicates for row in rows}
    assert found[first.pk] == [second.pk]
    assert found[second.pk] == [first.pk]
    assert found[chinese.pk] == [chinese_again.pk]
    assert found[other_organisation.pk] == []
    assert found[withdrawn.pk] == []  # withdrawn and drafts are not counted
    assert found[next_year.pk] == []  # another cycle
    assert draft.pk not in found[first.pk]


@pytest.mark.django_db
def test_the_inspect_view_links_to_the_possible_duplicates(client, office, make):
    first = make(nominee_name="Li Na", nominee_organisation="Yungang Robotics")
    second = make(nominee_name="li na", nominee_organisation="YUNGANG ROBOTICS")
    alone = make(nominee_name="Chen Jie", nominee_organisation="Yungang Robotics")
    login(client, office["screener"])
    body = client.get(url("inspect", first.pk)).content.decode()
    assert "data-possible-duplicates" in body
    assert url("inspect", second.pk) in body
    assert second.reference in body
    assert url("inspect", alone.pk) not in body
    assert "data-possible-duplicates" not in client.get(url("inspect", alone.pk)).content.decode()


@pytest.mark.django_db
def test_the_listing_marks_duplicates_and_filters_them(client, office, make):
    first = make(nominee_name="Li Na", nominee_organisation="Yungang Robotics")
    second = make(category="MAT", nominee_name="ＬＩ ＮＡ", nominee_organisation="yungang robotics")
    alone = make(nominee_name="Chen Jie", nominee_organisation="Yungang Robotics")
    login(client, office["screener"])
    body = client.get(LIST_URL).content.decode()
    assert "Possible duplicates" in body  # the column
    assert body.count("Possible duplicate: 1 other") == 2

    filtered = client.get(url("list_results"), {"possible_duplicates": "yes"}).content.decode()
    assert first.reference in filtered and second.reference in filtered
    assert alone.reference not in filtered
    everything = client.get(url("list_results"), {"possible_duplicates": ""}).content.decode()
    assert alone.reference in everything
    # A value the filter does not offer is a form error in the filter, not a 500.
    assert client.get(url("list_results"), {"possible_duplicates": "maybe"}).status_code == 200


@pytest.mark.django_db
def test_editors_see_no_duplicates_column(client, office, make):
    make(steps=("submit", "accept", "shortlist", "commend"), nominee_name="Li Na")
    make(steps=("submit", "accept", "shortlist", "commend"), nominee_name="Li Na")
    body = login(client, office["editor"]).get(LIST_URL).content.decode()
    assert "Possible duplicate" not in body


@pytest.mark.django_db
def test_listing_query_count_is_flat_with_duplicates(client, office, make):
    def measure(**query):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST_URL, query)
        assert response.status_code == 200
        return len(queries)

    login(client, office["screener"])
    for n in range(2):
        make(nominee_name=f"Nominee {n}", nominee_organisation="Same Works")
        make(category="MAT", nominee_name=f"NOMINEE {n}", nominee_organisation="same works")
    client.get(LIST_URL)  # warm per-process caches (content types, site)
    small = measure()
    small_filtered = measure(possible_duplicates="yes")
    for n in range(2, 8):
        make(nominee_name=f"Nominee {n}", nominee_organisation="Same Works")
        make(category="MAT", nominee_name=f"nominee {n}", nominee_organisation="SAME WORKS")
        make(nominee_name=f"Unique {n}")
    large = measure()
    large_filtered = measure(possible_duplicates="yes")
    assert small == large == LISTING_QUERIES
    # The filter asks one more query (every nomination's names), at any size.
    assert small_filtered == large_filtered == LISTING_QUERIES + 1
