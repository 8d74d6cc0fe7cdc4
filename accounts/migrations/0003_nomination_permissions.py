"""Screeners and awards administrators see and screen nominations in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Screeners": ["view_nomination", "screen_nomination", "view_nominationfile"],
    "Awards administrators": ["view_nomination", "screen_nomination", "view_nominationfile"],
}


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="nominations", codename__in=codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        for group in Group.objects.filter(name=name):
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label="nominations", codename__in=codenames)
            )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_roles"), ("nominations", "0003_nominations")]
    operations = [migrations.RunPython(grant, revoke)]
