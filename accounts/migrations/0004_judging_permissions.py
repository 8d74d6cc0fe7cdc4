"""Awards administrators run judging: the expert pool, panels, rounds, rubrics,
assignments, conflicts and award levels."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["judgeprofile", "panel", "round", "criterion", "assignment", "conflict", "awardlevel", "award", "score"]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    admins, _ = Group.objects.get_or_create(name="Awards administrators")
    codenames = [f"{action}_{model}" for model in MODELS for action in ("add", "change", "delete", "view")]
    admins.permissions.add(*Permission.objects.filter(content_type__app_label="judging", codename__in=codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Awards administrators"):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="judging"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_nomination_permissions"), ("judging", "0001_initial")]
    operations = [migrations.RunPython(grant, revoke)]
