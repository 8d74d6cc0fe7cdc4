import pytest

from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from accounts.mfa import activate_totp
from accounts.models import User
from home.models import HomePage, StandardPage
from nominations.models import CallIndexPage, CallPage


def _standard_form(slug):
    return nested_form_data(
        {
            "title": "About the awards",
            "slug": slug,
            "intro": "Why the city holds the awards.",
            "body": streamfield(
                [
                    ("heading", "Our history"),
                    ("paragraph", rich_text("<p>Since 2020.</p>")),
                    ("quote", {"text": "Innovation moves the city.", "attribution": "The mayor"}),
                ]
            ),
            "comments": inline_formset([]),
        }
    )


@pytest.mark.django_db
class SitePageAdminTests(WagtailPageTestCase):
    def setUp(self):
        superuser = User.objects.create_superuser(email="root@example.org", password="pw-1")
        activate_totp(superuser)  # the admin needs two factors
        self.client.force_login(superuser)
        self.home = Site.objects.get(is_default_site=True).root_page.specific

    def test_standard_page_can_be_created_under_home_and_under_itself(self):
        self.assertCanCreate(self.home, StandardPage, _standard_form("about"))
        about = StandardPage.objects.get(slug="about")
        self.assertEqual([b.block_type for b in about.body], ["heading", "paragraph", "quote"])
        self.assertCanCreate(about, StandardPage, _standard_form("history"))
        self.assertEqual(StandardPage.objects.get(slug="history").get_parent().pk, about.pk)

    def test_home_page_can_be_created_at_the_root_through_admin_form(self):
        root = Page.get_first_root_node()
        Site.objects.all().delete()
        self.home.delete()
        self.assertCanCreate(
            root,
            HomePage,
            nested_form_data(
                {
                    "title": "Innovation Awards",
                    "slug": "home",
                    "hero_heading": "Celebrating innovators",
                    "hero_text": "Nominate now.",
                    "body": streamfield([]),
                    "comments": inline_formset([]),
                }
            ),
        )
        self.assertEqual(HomePage.objects.get().hero_heading, "Celebrating innovators")

    def test_only_one_home_page(self):
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))

    def test_page_tree_rules_for_site_pages(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})
        self.assertCanNotCreateAt(StandardPage, CallIndexPage)
        self.assertCanNotCreateAt(StandardPage, CallPage)
        self.assertCanNotCreateAt(Page, StandardPage)


@pytest.mark.django_db
def test_unknown_address_gets_the_friendly_404(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert "Sorry, there is no page at this address." in response.content.decode()
    assert 'href="#main"' in response.content.decode()


@pytest.mark.django_db
def test_menu_lists_live_pages_marked_for_menus(client, home_page):
    home_page.add_child(instance=StandardPage(title="About the awards", slug="about", show_in_menus=True))
    home_page.add_child(instance=StandardPage(title="Terms of use", slug="terms", show_in_menus=False))
    draft = StandardPage(title="Draft page", slug="draft", show_in_menus=True, live=False)
    home_page.add_child(instance=draft)
    html = client.get("/en/").content.decode()
    assert '<a href="/en/about/"' in html
    assert "Terms of use" not in html
    assert "Draft page" not in html
