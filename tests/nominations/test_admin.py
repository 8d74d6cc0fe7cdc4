import pytest

from nominations.models import Category
from tests.nominations.conftest import with_role as _with_role


@pytest.mark.django_db
def test_awards_administrator_edits_a_category_in_the_admin(client):
    client.force_login(_with_role("Awards administrators", "aa@example.net"))
    category = Category.objects.get(code="MAT")
    response = client.post(
        f"/admin/snippets/nominations/category/edit/{category.pk}/",
        {
            "code": "MAT",
            "name": "New materials",
            "slug": "new-materials",
            "description": "Advanced materials.",
            "icon": "materials",
            "colour": "#0f766e",
            "sort_order": 3,
        },
    )
    assert response.status_code == 302
    category.refresh_from_db()
    assert category.description == "Advanced materials."


@pytest.mark.django_db
def test_category_with_bad_code_or_colour_is_a_form_error(client):
    client.force_login(_with_role("Awards administrators", "aa@example.net"))
    category = Category.objects.get(code="MAT")
    response = client.post(
        f"/admin/snippets/nominations/category/edit/{category.pk}/",
        {"code": "ma1", "name": "New materials", "slug": "new-materials", "icon": "materials", "colour": "green"},
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
            "name": "2031 Innovation Awards",
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
def test_category_names_are_translated_on_display():
    from django.utils import translation

    with translation.override("zh-hans"):
        assert Category.objects.get(code="TEC").display_name == "新技术"
