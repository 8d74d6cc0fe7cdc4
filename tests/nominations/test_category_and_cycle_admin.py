"""Categories and cycles in the Wagtail admin, in both languages side by side."""

import re

import pytest

from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from nominations.models import AwardCycle, Category
from tests.support import with_role as _with_role

CATEGORY_FORM = {
    "code": "MAT",
    "slug": "new-materials",
    "name_zh_hans": "新材料",
    "name_en": "New materials",
    "description_zh_hans": "先进材料。",
    "description_en": "Advanced materials.",
    "icon": "materials",
    "colour": "#0f766e",
    "sort_order": 3,
}


def admin_in(client, language, email="aa@example.net"):
    """An awards administrator whose admin speaks `language` (the language cookie)."""
    client.force_login(_with_role("Awards administrators", email))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_awards_administrator_edits_a_category_in_both_languages(client, language):
    admin_in(client, language)
    category = Category.objects.get(code="MAT")
    form = client.get(f"/admin/snippets/nominations/category/edit/{category.pk}/").content.decode()
    assert 'name="name_zh_hans"' in form and 'name="name_en"' in form
    assert "简体中文" in form and "English" in form
    response = client.post(f"/admin/snippets/nominations/category/edit/{category.pk}/", CATEGORY_FORM)
    assert response.status_code == 302
    category.refresh_from_db()
    assert (category.name_zh_hans, category.name_en) == ("新材料", "New materials")
    assert (category.description_zh_hans, category.description_en) == ("先进材料。", "Advanced materials.")
    with translation.override("zh-hans"):
        assert (category.display_name, category.display_description) == ("新材料", "先进材料。")
    with translation.override("en"):
        assert (category.display_name, category.display_description) == ("New materials", "Advanced materials.")


@pytest.mark.django_db
@override_settings(LANGUAGE_CODE="zh-hans")
def test_an_emptied_translation_is_saved_empty_and_the_other_language_stands_in(client):
    admin_in(client, "en")
    tec, mat = Category.objects.get(code="TEC"), Category.objects.get(code="MAT")
    for category, name in ((tec, "新技术"), (mat, "新材料")):
        data = {**CATEGORY_FORM, "code": category.code, "slug": category.slug, "name_zh_hans": name}
        data.update(name_en="", description_en="  ", icon=category.icon, colour=category.colour)
        response = client.post(f"/admin/snippets/nominations/category/edit/{category.pk}/", data)
        assert response.status_code == 302, response.context["form"].errors
    # Two categories without an English name: NULL, not "", under the unique column.
    assert list(Category.objects.filter(code__in=["TEC", "MAT"]).values_list("name_en", "description_en")) == [
        (None, None),
        (None, None),
    ]
    with translation.override("en"):
        assert Category.objects.get(code="TEC").display_name == "新技术"


@pytest.mark.django_db
@override_settings(LANGUAGE_CODE="zh-hans")
def test_a_chinese_site_needs_the_chinese_name():
    from nominations.wagtail_hooks import CategoryViewSet

    form_class = CategoryViewSet().get_edit_handler().get_form_class()
    category = Category.objects.get(code="MAT")
    form = form_class(data={**CATEGORY_FORM, "name_zh_hans": ""}, instance=category)
    with translation.override("en"):
        assert not form.is_valid()
        assert form.errors == {"name_zh_hans": ["This field is required."]}
    form = form_class(data={**CATEGORY_FORM, "name_en": ""}, instance=category)
    assert form.is_valid(), form.errors
    assert (form.fields["name_zh_hans"].required, form.fields["name_en"].required) == (True, False)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_cycles_are_added_in_both_languages(client, language):
    admin_in(client, language)
    response = client.post(
        "/admin/snippets/nominations/awardcycle/add/",
        {
            "name_zh_hans": "2031年度创新奖",
            "name_en": "2031 Innovation Awards",
            "slug": "2031",
            "year": 2031,
            "nominations_open": "2031-03-01 09:00",
            "nominations_close": "2031-04-01 17:00",
            "judging_open": "2031-04-02 09:00",
            "judging_close": "2031-05-01 17:00",
            "announcement_at": "2031-06-01 10:00",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    cycle = AwardCycle.objects.get(year=2031)
    assert (cycle.name_zh_hans, cycle.name_en) == ("2031年度创新奖", "2031 Innovation Awards")


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "shown"), [("zh-hans", "新材料"), ("en", "New materials")])
def test_category_listing_names_each_in_the_admins_language_and_flags_what_is_missing(client, language, shown):
    admin_in(client, language)
    Category.objects.filter(code="TEC").update(name_en=None)
    Category.objects.filter(code="MAT").update(name_en="New materials", name_zh_hans="新材料")
    Category.objects.filter(code="IND").update(name_zh_hans=None)
    body = client.get("/admin/snippets/nominations/category/").content.decode()
    assert re.search(rf"<a [^>]*>\s*{shown}\s*</a>", body)  # both languages: no tag
    tag = '<span class="w-status w-status--label">{} missing</span>'
    if language == "en":
        # TEC has no English: its Chinese name stands in, marked, with what is missing.
        assert '<span lang="zh-hans">新技术</span> ' + tag.format("English") in body
        assert "New industries " + tag.format("简体中文") in body
    else:
        tag = '<span class="w-status w-status--label">缺少{}版本</span>'
        assert "新技术 " + tag.format("English") in body
        assert '<span lang="en">New industries</span> ' + tag.format("简体中文") in body


@pytest.mark.django_db
def test_category_and_cycle_listings_do_not_query_per_row(client):
    from tests.factories import AwardCycleFactory

    admin_in(client, "en")

    def count(path):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    def grow(n, start):
        for index in range(start, start + n):
            code = "".join(chr(ord("A") + int(digit)) for digit in f"{index:03d}")
            Category.objects.create(
                code=code, slug=f"extra-{index}", name_zh_hans=f"类别{index}", icon="products", colour="#123456"
            )
            AwardCycleFactory()

    paths = ["/admin/snippets/nominations/category/", "/admin/snippets/nominations/awardcycle/"]
    grow(2, 0)
    for path in paths:
        client.get(path)
    small = [count(path) for path in paths]
    grow(6, 2)
    assert [count(path) for path in paths] == small
    assert Category.objects.count() == 14


@pytest.mark.django_db
def test_category_with_bad_code_or_colour_is_a_form_error(client):
    client.force_login(_with_role("Awards administrators", "aa@example.net"))
    category = Category.objects.get(code="MAT")
    response = client.post(
        f"/admin/snippets/nominations/category/edit/{category.pk}/",
        {**CATEGORY_FORM, "code": "ma1", "colour": "green"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Three capital letters, e.g. TEC." in body
    assert "A hex colour such as #1d4ed8." in body
    category.refresh_from_db()
    assert category.code == "MAT"


@pytest.mark.django_db
def test_screener_sees_categories_but_cannot_edit_them(client):
    client.force_login(_with_role("Screeners", "sc@example.net"))
    category = Category.objects.get(code="MAT")
    assert client.get("/admin/snippets/nominations/category/").status_code == 200
    response = client.post(f"/admin/snippets/nominations/category/edit/{category.pk}/", {"code": "XXX"})
    assert response.status_code in (302, 403)
    category.refresh_from_db()
    assert category.code == "MAT"


@pytest.mark.django_db
def test_cycle_dates_out_of_order_are_a_form_error(client):
    client.force_login(_with_role("Awards administrators", "aa@example.net"))
    response = client.post(
        "/admin/snippets/nominations/awardcycle/add/",
        {
            "name_en": "2031 Innovation Awards",
            "slug": "2031",
            "year": 2031,
            "nominations_open": "2031-03-01 09:00",
            "nominations_close": "2031-02-01 17:00",
            "judging_open": "2031-04-01 09:00",
            "judging_close": "2031-05-01 17:00",
            "announcement_at": "2031-06-01 10:00",
        },
    )
    assert response.status_code == 200
    assert "The dates must follow each other" in response.content.decode()


@pytest.mark.django_db
def test_six_categories_with_their_codes():
    assert list(Category.objects.values_list("code", flat=True)) == ["INF", "TEC", "MAT", "EQP", "PRD", "IND"]
    assert all(c.colour.startswith("#") and c.icon for c in Category.objects.all())


@pytest.mark.django_db
def test_the_shipped_categories_have_their_chinese():
    with translation.override("zh-hans"):
        tec = Category.objects.get(code="TEC")
        assert (tec.display_name, tec.display_description) == ("新技术", "从实验室走向首次应用的突破性技术与方法。")
    with translation.override("en"):
        assert Category.objects.get(code="TEC").display_name == "New technologies"
