"""Editors and moderators see nominations in the admin (read only), so they can write
the winners' stories from commended nominations."""

from django.db import migrations

CODENAMES = ["view_nomination", "view_nominationfile"]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="nominations", codename__in=CODENAMES)
    for group in Group.objects.filter(name__in=["Editors", "Moderators"]):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="nominations", codename__in=CODENAMES)
    for group in Group.objects.filter(name__in=["Editors", "Moderators"]):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_judging_permissions")]
    operations = [migrations.RunPython(grant, revoke)]
