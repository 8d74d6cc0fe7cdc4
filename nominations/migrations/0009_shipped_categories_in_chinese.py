# ruff: noqa: RUF001 - Chinese text uses full-width punctuation.
"""The six shipped categories' Chinese names and descriptions, written out here. 0008 took
them from the interface's catalogue, which gives nothing when the catalogue is not loaded
(and the catalogue no longer carries them once categories keep their own columns). Fills
only what is still empty and only where the English is still the shipped English: an
edited category keeps its edits."""

from django.db import migrations

# code: (shipped English name, Chinese name, shipped English description, Chinese description)
SHIPPED = {
    "INF": (
        "New infrastructure",
        "新基建",
        "Roads, bridges, networks, utilities and public facilities built or renewed in a new way.",
        "以创新方式建设或更新的道路、桥梁、网络、市政公用设施及公共设施。",
    ),
    "TEC": (
        "New technologies",
        "新技术",
        "Breakthrough technologies and methods, from the laboratory to their first use.",
        "从实验室走向首次应用的突破性技术与方法。",
    ),
    "MAT": (
        "New materials",
        "新材料",
        "New or much improved materials: metals, composites, chemicals, carbon and more.",
        "全新或显著改进的材料，包括金属、复合材料、化工材料、碳材料等。",
    ),
    "EQP": (
        "New equipment",
        "新装备",
        "Machines, instruments and high-end equipment designed or made here.",
        "在本市设计或制造的机械、仪器及高端装备。",
    ),
    "PRD": (
        "New products",
        "新产品",
        "Products that reached people or industry, with measurable results.",
        "已惠及公众或服务产业、成效可衡量的产品。",
    ),
    "IND": (
        "New industries",
        "新产业",
        "New sectors, business models and industry clusters that grow the local economy.",
        "推动本地经济增长的新领域、新商业模式和产业集群。",
    ),
}


def fill_chinese(apps, schema_editor):
    Category = apps.get_model("nominations", "Category")
    for code, (name_en, name_zh, description_en, description_zh) in SHIPPED.items():
        category = Category.objects.filter(code=code).first()
        if category is None:
            continue
        changed = []
        taken = Category.objects.filter(name_zh_hans=name_zh).exclude(pk=category.pk).exists()
        if not category.name_zh_hans and category.name_en == name_en and not taken:
            category.name_zh_hans = name_zh
            changed.append("name_zh_hans")
        if not category.description_zh_hans and category.description_en == description_en:
            category.description_zh_hans = description_zh
            changed.append("description_zh_hans")
        if changed:
            category.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("nominations", "0008_two_languages")]
    operations = [migrations.RunPython(fill_chinese, migrations.RunPython.noop)]
