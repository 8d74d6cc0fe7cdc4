"""The six award categories. Names stay in English in the database and are translated
on display (their msgids live in nominations/category_names.py)."""

from django.db import migrations

CATEGORIES = [
    (
        "INF",
        "New infrastructure",
        "new-infrastructure",
        "infrastructure",
        "#1d4ed8",
        "Roads, bridges, networks, utilities and public facilities built or renewed in a new way.",
    ),
    (
        "TEC",
        "New technologies",
        "new-technologies",
        "technology",
        "#6d28d9",
        "Breakthrough technologies and methods, from the laboratory to their first use.",
    ),
    (
        "MAT",
        "New materials",
        "new-materials",
        "materials",
        "#0f766e",
        "New or much improved materials: metals, composites, chemicals, carbon and more.",
    ),
    (
        "EQP",
        "New equipment",
        "new-equipment",
        "equipment",
        "#b45309",
        "Machines, instruments and high-end equipment designed or made here.",
    ),
    (
        "PRD",
        "New products",
        "new-products",
        "products",
        "#be123c",
        "Products that reached people or industry, with measurable results.",
    ),
    (
        "IND",
        "New industries",
        "new-industries",
        "industries",
        "#15803d",
        "New sectors, business models and industry clusters that grow the local economy.",
    ),
]


def create_categories(apps, schema_editor):
    Category = apps.get_model("nominations", "Category")
    for order, (code, name, slug, icon, colour, description) in enumerate(CATEGORIES, start=1):
        Category.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "slug": slug,
                "icon": icon,
                "colour": colour,
                "description": description,
                "sort_order": order,
            },
        )


def remove_categories(apps, schema_editor):
    apps.get_model("nominations", "Category").objects.filter(code__in=[c[0] for c in CATEGORIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("nominations", "0001_initial")]
    operations = [migrations.RunPython(create_categories, remove_categories)]
