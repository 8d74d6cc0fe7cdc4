"""Who opens a nomination's files is a rule by role (nominations.predicates.can_open_files:
the owner, screeners and awards administrators; judging adds the judges assigned to it),
not the view_nominationfile permission. 0005 gave that permission to editors and
moderators, which let them open every submitted nomination's files by counting ids; it
is taken back from every group so that no group editor suggests it still means something.
Editors and moderators keep view_nomination: the admin shows them commended nominations,
to write the winners' stories, whose photographs they see as Wagtail images."""

from django.db import migrations

GROUPS = ["Screeners", "Awards administrators", "Editors", "Moderators"]


def _permission(apps):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="nominations", codename="view_nominationfile").first()


def revoke(apps, schema_editor):
    permission = _permission(apps)
    if permission is None:
        return
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.remove(permission)


def grant(apps, schema_editor):
    permission = _permission(apps)
    if permission is None:
        return
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_editors_see_winners")]
    operations = [migrations.RunPython(revoke, grant)]
