from datetime import timedelta

import pytest

from django.utils import timezone

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from accounts.mfa import activate_totp
from accounts.models import User
from home.models import HomePage, StandardPage
from nominations.models import CallIndexPage, CallPage, Category, WinnersIndexPage
from tests.factories import AwardCycleFactory, CallIndexPageFactory, CallPageFactory


def _call_form(cycle, category, opens, closes, **extra):
    return nested_form_data(
        {
            "title": "New technologies 2030",
            "slug": "tec-2030",
            "cycle": cycle.pk,
            "category": category.pk,
            "opens_at": opens.strftime("%Y-%m-%d %H:%M"),
            "closes_at": closes.strftime("%Y-%m-%d %H:%M"),
            "intro": "Nominate the technologies that changed the city.",
            "eligibility": rich_text("<p>Anyone in the city.</p>"),
            "criteria": streamfield([("criterion", {"name": "Novelty", "description": "How new it is."})]),
            "faq": streamfield(
                [("question", {"question": "Can I nominate myself?", "answer": rich_text("<p>Yes.</p>")})]
            ),
            "questions": streamfield([]),
            "comments": inline_formset([]),
            **extra,
        }
    )


@pytest.mark.django_db
class CallPageAdminTests(WagtailPageTestCase):
    def setUp(self):
        self.user = User.objects.create_superuser(email="root@example.org", password="pw-for-tests-1")
        activate_totp(self.user)  # the admin needs two factors
        self.client.force_login(self.user)
        self.home = Page.objects.get(depth=2).specific
        self.index = CallIndexPageFactory(parent=self.home)
        self.cycle = AwardCycleFactory(year=2030)
        self.category = Category.objects.get(code="TEC")
        self.opens = timezone.localtime().replace(second=0, microsecond=0)
        self.closes = self.opens + timedelta(days=30)

    def test_call_index_page_can_be_created_under_home_through_admin_form(self):
        self.index.delete()
        self.assertCanCreate(
            self.home,
            CallIndexPage,
            nested_form_data(
                {"title": "Calls", "slug": "calls", "intro": "All calls.", "comments": inline_formset([])}
            ),
        )
        self.assertEqual(CallIndexPage.objects.get().get_parent().pk, self.home.pk)

    def test_call_page_can_be_created_under_call_index_through_admin_form(self):
        self.assertCanCreate(self.index, CallPage, _call_form(self.cycle, self.category, self.opens, self.closes))
        call = CallPage.objects.get(slug="tec-2030")
        self.assertEqual(call.criteria[0].value["name"], "Novelty")
        self.assertEqual(call.faq[0].value["question"], "Can I nominate myself?")
        self.assertEqual(call.closes_at - call.opens_at, timedelta(days=30))

    def test_page_tree_rules(self):
        self.assertAllowedParentPageTypes(CallPage, {CallIndexPage})
        self.assertAllowedSubpageTypes(CallPage, set())
        self.assertAllowedParentPageTypes(CallIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(CallIndexPage, {CallPage})
        self.assertAllowedSubpageTypes(HomePage, {CallIndexPage, WinnersIndexPage, StandardPage})
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertCanNotCreateAt(HomePage, CallPage)
        self.assertCanNotCreateAt(StandardPage, CallPage)
        self.assertCanNotCreateAt(CallIndexPage, StandardPage)

    def test_call_closing_before_it_opens_is_a_form_error(self):
        url = f"/admin/pages/add/nominations/callpage/{self.index.pk}/"
        data = _call_form(self.cycle, self.category, self.closes, self.opens)
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "A call must close after it opens.")
        self.assertFalse(CallPage.objects.filter(slug="tec-2030").exists())

    def test_second_call_for_same_cycle_and_category_is_a_form_error(self):
        CallPageFactory(parent=self.index, cycle=self.cycle, category=self.category, slug="first")
        url = f"/admin/pages/add/nominations/callpage/{self.index.pk}/"
        response = self.client.post(url, _call_form(self.cycle, self.category, self.opens, self.closes))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "This cycle already has a call in this category.")
        self.assertEqual(CallPage.objects.filter(cycle=self.cycle, category=self.category).count(), 1)

    def test_second_call_index_cannot_be_added(self):
        self.assertFalse(CallIndexPage.can_create_at(self.home))
