"""Winners' pages: the index (filters, pagination, cards), the story page, share metadata,
and the embargo on every public surface (story page, index, home page, search, sitemap,
feed)."""

import pytest
from bs4 import BeautifulSoup

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from accounts.mfa import activate_totp
from accounts.models import User
from home.models import HomePage
from judging.models import Award
from nominations.consent import record_answers
from nominations.models import Category, WinnersIndexPage, WinnerStoryPage
from tests.factories import AwardCycleFactory, AwardLevelFactory, CallPageFactory
from tests.nominations.helpers.winners import (
    add_photos,
    announce,
    card_titles,
    make_winner,
    publish,
    search_result_titles,
)

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


def _surfaces(client, story):
    """What a visitor can see of a story, surface by surface."""
    return {
        "index": story.title in card_titles(client.get("/en/winners/")),
        "home": story.title in card_titles(client.get("/en/")),
        "search": story.title in search_result_titles(client.get("/en/search/", {"q": story.title})),
        "feed": story.title in client.get("/en/winners/feed/").content.decode(),
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
    for url in ("/en/winners/", "/en/", "/en/winners/feed/"):
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

    # The nominee withdraws consent to publication through their link (nominations.consent).
    record_answers(nomination_id=story.nomination_id, agrees=True, publication=False)

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

    soup = BeautifulSoup(client.get("/en/winners/").content, "html.parser")

    assert _meta(soup, "og:title") == "Winners"
    assert _meta(soup, "og:description") == "Every winner since 2020."
    assert _meta(soup, "og:type") == "website"
    assert _meta(soup, "og:url") == "http://testserver/en/winners/"
    assert _meta(soup, "og:image") is None
    assert _meta(soup, "twitter:card") == "summary"


@pytest.mark.django_db
def test_a_story_under_embargo_gives_no_share_metadata(client, story_in):
    story = story_in("not_announced")
    response = client.get(story.get_url())
    assert response.status_code == 404
    assert b"og:title" not in response.content
    assert b"og:image" not in response.content
