"""Awards administrators erase personal data on request, read the erasure records, and set
each cycle's retention period."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = [
    "erase_personal_data",
    "view_erasurerecord",
    "view_retentionpolicy",
    "add_retentionpolicy",
    "change_retentionpolicy",
]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    admins, _ = Group.objects.get_or_create(name="Awards administrators")
    admins.permissions.add(*Permission.objects.filter(content_type__app_label="privacy", codename__in=CODENAMES))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Awards administrators"):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="privacy"))


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial"), ("accounts", "0002_roles")]

    operations = [migrations.RunPython(grant, revoke)]
