"""Awards administrators curate the fields of expertise and read the experts' cycle
statements (judging.experts.admin_viewsets; the statements are read only there)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = [
    "add_expertisekeyword",
    "change_expertisekeyword",
    "delete_expertisekeyword",
    "view_expertisekeyword",
    "view_cyclestatement",
]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    admins, _ = Group.objects.get_or_create(name="Awards administrators")
    admins.permissions.add(*Permission.objects.filter(content_type__app_label="judging", codename__in=CODENAMES))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Awards administrators"):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="judging", codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0007_profile"), ("judging", "0006_expert_pool")]
    operations = [migrations.RunPython(grant, revoke)]
