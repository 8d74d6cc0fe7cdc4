"""Awards administrators see outgoing email in the admin, retry it and delete it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["view_outgoingemail", "retry_outgoingemail", "delete_outgoingemail"]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    admins, _ = Group.objects.get_or_create(name="Awards administrators")
    admins.permissions.add(*Permission.objects.filter(content_type__app_label="outbox", codename__in=CODENAMES))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Awards administrators"):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="outbox"))


class Migration(migrations.Migration):
    dependencies = [("outbox", "0001_initial"), ("accounts", "0002_roles")]

    operations = [
        migrations.AlterModelOptions(
            name="outgoingemail",
            options={
                "ordering": ["-created_at", "-pk"],
                "permissions": [("retry_outgoingemail", "Can retry failed outgoing email")],
                "verbose_name": "outgoing email",
                "verbose_name_plural": "outgoing emails",
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
