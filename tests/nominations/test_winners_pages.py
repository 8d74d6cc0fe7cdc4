"""Winners' pages: the index (filters, pagination, cards), the story page, share metadata,
and the embargo on every public surface (story page, index, home page, search, sitemap,
feed)."""

import time
from datetime import timedelta
from io import BytesIO

import pytest
from bs4 import BeautifulSoup
from PIL import Image as PILImage

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from accounts.mfa import activate_totp
from accounts.models import User
from home.models import HomePage
from judging.models import Award
from nominations.models import Category, NominationFile, WinnersIndexPage, WinnerStoryPage
from nominations.winners import CARD_RENDITIONS, PER_PAGE, create_story
from tests.factories import AwardCycleFactory, CallPageFactory, NominationFactory, UserFactory, advance
from tests.judging.factories import AwardLevelFactory

COMMEND = ("submit", "accept", "shortlist", "commend")


# Helpers shared with tests/home/test_search_feed.py ------------------------------------


@pytest.fixture(autouse=True)
def _no_page_cache(settings, tmp_path):
    # These tests are about what a page shows and what rendering it costs, so every request
    # is rendered (home.middleware's whole-page cache would answer repeats with no query).
    settings.PAGE_CACHE_SECONDS = 0
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def photo(size=(800, 500), colour="#b91c1c"):
    buffer = BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


def add_photos(nomination, count=1, size=(800, 500)):
    """Image evidence on a nomination; create_story copies it into the image library (the
    first becomes the hero image, the rest the gallery) when the nominee consented."""
    for number in range(count):
        data = photo(size, colour=f"#{(number * 40) % 256:02x}1c1c")
        NominationFile.objects.create(
            nomination=nomination,
            kind=NominationFile.Kind.IMAGE,
            file=SimpleUploadedFile(f"photo{number}.jpg", data, content_type="image/jpeg"),
            original_name=f"photo{number}.jpg",
            content_type="image/jpeg",
            size=len(data),
            width=size[0],
            height=size[1],
        )


def announce(cycle, *, announced=True):
    """The embargo is the cycle's announcement time: in the past, the winners are public."""
    cycle.announcement_at = timezone.now() + (timedelta(hours=-1) if announced else timedelta(days=30))
    cycle.save()
    return cycle


def publish(nomination, user, *, live=True):
    story, _created = create_story(nomination=nomination, user=user)
    if live:
        story.save_revision(user=user).publish()
        story.refresh_from_db()
    return story


def make_winner(call, user, *, photos=0, level=None, **fields):
    """A commended nomination moved through the real transitions, with a published story.
    Fast enough to make a hundred (no fixtures, one nominator)."""
    nomination = NominationFactory(call=call, nominator=user, **fields)
    advance(nomination, *COMMEND, by=user)
    if photos:
        add_photos(nomination, photos)
    if level:
        Award.objects.create(nomination=nomination, level=level, decided_by=user)
    return publish(nomination, user)


def winners_index_page(home_page):
    index = WinnersIndexPage(title="Winners", slug="winners", intro="The innovators the city commended.")
    home_page.add_child(instance=index)
    return index


def card_titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [card.select_one(".card__title").get_text(strip=True) for card in soup.select(".winner-card")]


def search_result_titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".search-result__title a")]


@pytest.fixture
def winners_index(home_page):
    return winners_index_page(home_page)


@pytest.fixture
def editor(db):
    return UserFactory(email="editor@example.net")


# Creating the index in the admin --------------------------------------------------------


@pytest.mark.django_db
class WinnersIndexAdminTests(WagtailPageTestCase):
    def setUp(self):
        superuser = User.objects.create_superuser(email="root@example.org", password="pw-1")
        activate_totp(superuser)  # the admin needs two factors
        self.client.force_login(superuser)
        self.home = HomePage.objects.get()

    def test_winners_index_can_be_created_under_the_home_page(self):
        self.assertCanCreate(
            self.home,
            WinnersIndexPage,
            nested_form_data(
                {
                    "title": "Winners",
                    "slug": "winners",
                    "intro": "Meet the innovators.",
                    "comments": inline_formset([]),
                }
            ),
        )
        index = WinnersIndexPage.objects.get()
        self.assertEqual(index.get_parent().pk, self.home.pk)
        self.assertEqual(index.intro, "Meet the innovators.")

    def test_page_tree_rules(self):
        self.assertAllowedParentPageTypes(WinnersIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(WinnersIndexPage, {WinnerStoryPage})
        self.assertCanNotCreateAt(Page, WinnersIndexPage)


# The embargo on every public surface ---------------------------------------------------

EMBARGOES = ["draft", "not_announced", "no_consent"]


@pytest.fixture
def story_in(in_state, winners_index, awards_admin):
    """A story in one of the embargo situations, or "public"; its title is unique."""

    def make(situation):
        nomination = in_state(
            "commended",
            title="Lantern bridge sensors",
            consent_public_name=situation != "no_consent",
        )
        announce(nomination.call.cycle, announced=situation != "not_announced")
        return publish(nomination, awards_admin, live=situation != "draft")

    return make


def _surfaces(client, story):
    """What a visitor can see of a story, surface by surface."""
    return {
        "index": story.title in card_titles(client.get("/winners/")),
        "home": story.title in card_titles(client.get("/")),
        "search": story.title in search_result_titles(client.get("/search/", {"q": story.title})),
        "feed": story.title in client.get("/winners/feed/").content.decode(),
    }


def _in_sitemap(client, story):
    body = client.get("/sitemap.xml").content.decode()
    return story.get_url() in body or story.slug in body or story.title in body


@pytest.mark.django_db
@pytest.mark.parametrize("situation", EMBARGOES)
def test_a_story_under_embargo_shows_nowhere(client, story_in, situation):
    story = story_in(situation)
    assert story.live is (situation != "draft")

    assert client.get(story.get_url()).status_code == 404
    assert _surfaces(client, story) == {"index": False, "home": False, "search": False, "feed": False}
    # Nor anywhere in those responses (the search page repeats the query, so not that one).
    for url in ("/winners/", "/", "/winners/feed/"):
        body = client.get(url).content.decode()
        assert story.title not in body
        assert story.get_url() not in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    "situation",
    # WinnerStoryPage.get_sitemap_urls returns [] while a story is not public.
    ["draft", "not_announced", "no_consent"],
)
def test_a_story_under_embargo_is_not_in_the_sitemap(client, story_in, situation):
    story = story_in(situation)
    assert not _in_sitemap(client, story)


@pytest.mark.django_db
def test_a_public_story_shows_everywhere(client, story_in):
    story = story_in("public")

    response = client.get(story.get_url())
    assert response.status_code == 200
    assert _surfaces(client, story) == {"index": True, "home": True, "search": True, "feed": True}
    assert _in_sitemap(client, story)


@pytest.mark.django_db
def test_a_story_leaves_every_surface_when_consent_is_withdrawn(client, story_in):
    story = story_in("public")
    assert client.get(story.get_url()).status_code == 200

    nomination = story.nomination
    nomination.consent_public_name = False
    nomination.save()

    assert client.get(story.get_url()).status_code == 404
    assert _surfaces(client, story) == {"index": False, "home": False, "search": False, "feed": False}


# The story page and its share metadata ---------------------------------------------------


def _meta(soup, key):
    tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


@pytest.mark.django_db
def test_story_page_shows_the_story_and_its_share_metadata(client, in_state, winners_index, awards_admin):
    nomination = in_state("commended", title="Lantern bridge sensors", summary="Sensors that listen to bridges.")
    cycle = announce(nomination.call.cycle)
    add_photos(nomination, 3, size=(1600, 1000))
    Award.objects.create(
        nomination=nomination, level=AwardLevelFactory(cycle=cycle, name="Gold award"), decided_by=awards_admin
    )
    story = publish(nomination, awards_admin)
    assert story.hero_image and story.gallery_images.count() == 2

    response = client.get(story.get_url())

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Lantern bridge sensors"
    eyebrow = soup.select_one(".winner-story__eyebrow").get_text(" ", strip=True)
    assert "New technologies" in eyebrow and str(cycle.year) in eyebrow and "Gold award" in eyebrow
    assert [a.get_text(strip=True) for a in soup.select(".breadcrumb a")] == ["Home", "Winners"]
    assert soup.select_one(".winner-story__hero picture source[type='image/webp']")
    assert len(soup.select(".winner-gallery__item")) == 2
    assert "What is new" in soup.select_one(".winner-story__body").get_text()

    assert _meta(soup, "og:title") == "Lantern bridge sensors"
    assert _meta(soup, "og:description") == "Sensors that listen to bridges."
    assert _meta(soup, "og:type") == "article"
    assert _meta(soup, "og:url") == f"http://testserver{story.get_url()}"
    assert _meta(soup, "og:site_name") == "Innovation Awards"
    og_image = _meta(soup, "og:image")
    assert og_image.startswith("http://testserver/") and og_image.endswith(".jpg")
    assert (_meta(soup, "og:image:width"), _meta(soup, "og:image:height")) == ("1200", "630")
    assert _meta(soup, "twitter:card") == "summary_large_image"
    assert _meta(soup, "twitter:image") == og_image
    assert soup.find("meta", attrs={"name": "description"})["content"] == "Sensors that listen to bridges."


@pytest.mark.django_db
def test_story_page_lists_other_winners_in_its_category(call_index, client, winners_index, editor):
    cycle = announce(AwardCycleFactory(year=2025))
    categories = {c.code: c for c in Category.objects.all()}
    tec = CallPageFactory(parent=call_index, cycle=cycle, category=categories["TEC"])
    mat = CallPageFactory(parent=call_index, cycle=cycle, category=categories["MAT"])
    story = make_winner(tec, editor, title="Story A")
    make_winner(tec, editor, title="Story B")
    make_winner(mat, editor, title="Story C")

    soup = BeautifulSoup(client.get(story.get_url()).content, "html.parser")

    others = soup.select_one(".winner-others")
    assert others.h2.get_text(strip=True) == "Other winners in New technologies"
    assert [c.get_text(strip=True) for c in others.select(".card__title")] == ["Story B"]


@pytest.mark.django_db
def test_other_pages_share_their_title_and_description(client, winners_index):
    winners_index.search_description = "Every winner since 2020."
    winners_index.save_revision().publish()

    soup = BeautifulSoup(client.get("/winners/").content, "html.parser")

    assert _meta(soup, "og:title") == "Winners"
    assert _meta(soup, "og:description") == "Every winner since 2020."
    assert _meta(soup, "og:type") == "website"
    assert _meta(soup, "og:url") == "http://testserver/winners/"
    assert _meta(soup, "og:image") is None
    assert _meta(soup, "twitter:card") == "summary"


@pytest.mark.django_db
def test_a_story_under_embargo_gives_no_share_metadata(client, story_in):
    story = story_in("not_announced")
    response = client.get(story.get_url())
    assert response.status_code == 404
    assert b"og:title" not in response.content
    assert b"og:image" not in response.content


# The index: filters, pagination, cards ---------------------------------------------------


@pytest.fixture
def two_years(call_index, winners_index, editor):
    """Winners in 2024 and 2025, in new technologies and new materials."""
    categories = {c.code: c for c in Category.objects.all()}
    stories = {}
    for year in (2024, 2025):
        cycle = announce(AwardCycleFactory(year=year))
        for code in ("TEC", "MAT"):
            call = CallPageFactory(parent=call_index, cycle=cycle, category=categories[code])
            stories[(year, code)] = make_winner(call, editor, title=f"{code} winner {year}")
    return stories


@pytest.mark.django_db
def test_index_lists_cards_with_category_award_and_year(call_index, client, winners_index, editor):
    cycle = announce(AwardCycleFactory(year=2025))
    call = CallPageFactory(parent=call_index, cycle=cycle)
    make_winner(call, editor, title="Lantern bridge sensors", photos=1, level=AwardLevelFactory(cycle=cycle))

    response = client.get("/winners/")

    soup = BeautifulSoup(response.content, "html.parser")
    card = soup.select_one(".winner-card")
    assert card.select_one(".card__title").get_text(strip=True) == "Lantern bridge sensors"
    assert card.select_one(".winner-badge").get_text(strip=True) == "New technologies"
    assert card.select_one(".category-icon svg")
    assert "--category-colour: #" in card["style"]
    assert card.select_one(".winner-card__award").get_text(strip=True) == "First prize"
    assert card.select_one(".winner-card__year").get_text(strip=True) == "2025"
    assert "halves corrosion" in card.select_one(".card__text").get_text()
    sources = {s["type"] for s in card.select("picture source")}
    assert sources == {"image/webp"}  # and the <img> is the JPEG
    assert card.select_one("picture img")["src"].endswith(".jpg")
    assert soup.select_one("link[href$='css/winners.css']")


@pytest.mark.django_db
def test_index_without_winners_says_so(client, winners_index):
    soup = BeautifulSoup(client.get("/winners/").content, "html.parser")
    assert not soup.select(".winner-card")
    assert "once they are announced" in soup.select_one(".winners-empty").get_text()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"MAT winner 2025", "TEC winner 2025", "MAT winner 2024", "TEC winner 2024"}),
        ("?year=2025", {"MAT winner 2025", "TEC winner 2025"}),
        ("?category=TEC", {"TEC winner 2025", "TEC winner 2024"}),
        ("?year=2024&category=MAT", {"MAT winner 2024"}),
        ("?category=tec&year=2024", {"TEC winner 2024"}),
        # Unknown or malformed values are ignored, not an error.
        ("?year=twenty&category=TEC", {"TEC winner 2025", "TEC winner 2024"}),
        ("?year=&category=", {"MAT winner 2025", "TEC winner 2025", "MAT winner 2024", "TEC winner 2024"}),
        ("?page=abc", {"MAT winner 2025", "TEC winner 2025", "MAT winner 2024", "TEC winner 2024"}),
    ],
)
def test_index_filters_by_year_and_category(client, two_years, query, expected):
    response = client.get("/winners/" + query)
    assert response.status_code == 200
    assert set(card_titles(response)) == expected


@pytest.mark.django_db
def test_index_with_a_year_without_winners_shows_the_empty_state(client, two_years):
    response = client.get("/winners/?year=1999")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert not soup.select(".winner-card")
    assert "No winners match these filters" in soup.select_one(".winners-empty").get_text()
    assert soup.select_one(".winners-filter__reset")["href"] == "/winners/"


UNKNOWN_CATEGORIES = ["?category=XYZ", "?category=%3Cscript%3E", "?category=TECHNOLOGY&year=2024"]


@pytest.mark.django_db
@pytest.mark.parametrize("query", UNKNOWN_CATEGORIES)
def test_index_with_an_unknown_category_is_not_an_error(client, two_years, query):
    response = client.get("/winners/" + query)
    assert response.status_code == 200
    assert b"<script>" not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("query", UNKNOWN_CATEGORIES)
def test_index_ignores_an_unknown_category(client, two_years, query):
    response = client.get("/winners/" + query)
    expected = {
        title for (year, _code), title in _titles(two_years).items() if "year=2024" not in query or year == 2024
    }
    assert set(card_titles(response)) == expected


def _titles(stories):
    return {key: story.title for key, story in stories.items()}


@pytest.mark.django_db
def test_filter_form_offers_the_years_with_winners_and_keeps_the_choice(client, two_years):
    soup = BeautifulSoup(client.get("/winners/?year=2024&category=MAT").content, "html.parser")
    form = soup.select_one("form.winners-filter")
    assert form["method"] == "get"
    assert form["action"] == "/winners/"
    assert [o["value"] for o in form.select("select[name=year] option")] == ["", "2025", "2024"]
    assert form.select_one("select[name=year] option[selected]")["value"] == "2024"
    assert len(form.select("select[name=category] option")) == 1 + Category.objects.count()
    assert form.select_one("select[name=category] option[selected]")["value"] == "MAT"
    assert form.select_one("button[type=submit]")


@pytest.mark.django_db
def test_pagination_keeps_the_filters(call_index, client, winners_index, editor):
    tec = Category.objects.get(code="TEC")
    for year, count in ((2025, PER_PAGE + 2), (2024, 1)):
        call = CallPageFactory(parent=call_index, cycle=announce(AwardCycleFactory(year=year)), category=tec)
        for number in range(count):
            make_winner(call, editor, title=f"Winner {year} {number:02d}")

    first = client.get("/winners/", {"year": "2025", "category": "TEC"})
    soup = BeautifulSoup(first.content, "html.parser")
    assert len(card_titles(first)) == PER_PAGE
    next_link = soup.select_one(".winners-pagination a[rel=next]")["href"]
    assert next_link == "?year=2025&category=TEC&page=2"

    second = client.get("/winners/" + next_link)
    assert len(card_titles(second)) == 2
    assert all(title.startswith("Winner 2025") for title in card_titles(second))
    prev_link = BeautifulSoup(second.content, "html.parser").select_one(".winners-pagination a[rel=prev]")["href"]
    assert prev_link == "?year=2025&category=TEC&page=1"


# Cost of rendering the index ------------------------------------------------------------


def _index_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/winners/")
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.django_db
def test_index_queries_do_not_grow_with_the_number_of_winners(call_index, client, winners_index, editor):
    started = time.monotonic()
    cycle = announce(AwardCycleFactory(year=2025))
    calls = [CallPageFactory(parent=call_index, cycle=cycle, category=category) for category in Category.objects.all()]
    levels = [AwardLevelFactory(cycle=cycle, name=f"Prize {rank}", rank=rank) for rank in (1, 2, 3)]

    def add(count, offset):
        for number in range(offset, offset + count):
            make_winner(calls[number % len(calls)], editor, photos=1, level=levels[number % len(levels)])

    add(PER_PAGE, 0)
    with_12, response = _index_queries(client)
    assert len(card_titles(response)) == PER_PAGE
    assert not BeautifulSoup(response.content, "html.parser").select(".winners-pagination")

    add(120 - PER_PAGE, PER_PAGE)
    with_120, response = _index_queries(client)
    assert len(card_titles(response)) == PER_PAGE
    assert BeautifulSoup(response.content, "html.parser").select(".winners-pagination a[rel=next]")
    assert WinnerStoryPage.objects.live().count() == 120

    assert with_120 == with_12, f"{with_12} queries with 12 winners, {with_120} with 120"
    assert with_12 <= 15
    assert time.monotonic() - started < 60


@pytest.mark.django_db
def test_rendering_the_index_and_a_story_makes_no_rendition(call_index, client, winners_index, editor):
    Rendition = get_image_model().get_rendition_model()
    call = CallPageFactory(parent=call_index, cycle=announce(AwardCycleFactory(year=2025)))
    stories = [make_winner(call, editor, photos=2) for _ in range(3)]
    # Publishing made the card, hero and share renditions of every image.
    made = Rendition.objects.count()
    assert made == 3 * 2 * 5
    assert set(Rendition.objects.values_list("filter_spec", flat=True)) >= set(CARD_RENDITIONS)

    for url in ["/winners/", "/", stories[0].get_url(), "/winners/?year=2025&category=TEC"]:
        assert client.get(url).status_code == 200
    assert Rendition.objects.count() == made


# Home page -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_home_page_shows_the_three_latest_winners(call_index, client, winners_index, editor):
    old = CallPageFactory(parent=call_index, cycle=announce(AwardCycleFactory(year=2024)))
    new = CallPageFactory(parent=call_index, cycle=announce(AwardCycleFactory(year=2025)))
    make_winner(old, editor, title="Older winner")
    for title in ("Alpha", "Beta", "Gamma"):
        make_winner(new, editor, title=title)

    soup = BeautifulSoup(client.get("/").content, "html.parser")

    section = soup.select_one(".latest-winners")
    assert section.h2.get_text(strip=True) == "Latest winners"
    assert [c.get_text(strip=True) for c in section.select(".card__title")] == ["Alpha", "Beta", "Gamma"]
    assert section.select_one(".latest-winners__more a")["href"] == "/winners/"


@pytest.mark.django_db
def test_home_page_without_public_winners_has_no_winners_section(client, story_in):
    story_in("not_announced")
    response = client.get("/")
    assert response.status_code == 200
    assert b"Latest winners" not in response.content
    assert b"winners.css" not in response.content
