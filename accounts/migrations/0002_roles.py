"""The product's roles as groups with their Wagtail and model permissions.

Wagtail's own migrations already created Editors and Moderators with page and image
permissions; this adds the other roles and what each may do in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# group -> (admin access, [(app_label, codename)], page permissions on the root page)
ROLES = {
    "Screeners": (True, [("nominations", "view_category"), ("nominations", "view_awardcycle")], []),
    "Awards administrators": (
        True,
        [
            ("nominations", f"{action}_{model}")
            for model in ("category", "awardcycle")
            for action in ("add", "change", "delete", "view")
        ],
        ["add_page", "change_page", "publish_page"],
    ),
    "Judges": (False, [], []),
    "Panel chairs": (False, [], []),
    "Editors": (True, [("nominations", "view_category"), ("nominations", "view_awardcycle")], []),
    "Moderators": (True, [("nominations", "view_category"), ("nominations", "view_awardcycle")], []),
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after migrate finishes; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    root = Page.objects.filter(depth=1).first()

    for name, (admin_access, codes, page_perms) in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = list(codes) + ([("wagtailadmin", "access_admin")] if admin_access else [])
        for app_label, codename in wanted:
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        for codename in page_perms:
            if root is None:
                continue
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=["Screeners", "Awards administrators", "Judges", "Panel chairs"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("nominations", "0002_categories"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]
    operations = [migrations.RunPython(create_roles, remove_roles)]
