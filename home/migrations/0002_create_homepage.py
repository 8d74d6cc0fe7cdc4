"""Replace Wagtail's placeholder page with the site's HomePage, as `wagtail start` does."""

from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("home.HomePage")
    Locale = apps.get_model("wagtailcore.Locale")

    Page.objects.filter(depth=2, slug="home", content_type__app_label="wagtailcore").delete()
    if HomePage.objects.exists():
        return
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="home")
    homepage = HomePage.objects.create(
        title="Innovation Awards",
        draft_title="Innovation Awards",
        slug="home",
        content_type=content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        hero_heading="Celebrating the city's innovators",
        hero_text="Nominate the people, teams and organisations whose innovations move the city forward.",
        body="[]",
        locale=Locale.objects.order_by("pk").first(),
    )
    Site.objects.filter(is_default_site=True).delete()
    Site.objects.create(hostname="localhost", root_page=homepage, is_default_site=True, site_name="Innovation Awards")


def remove_homepage(apps, schema_editor):
    apps.get_model("home.HomePage").objects.filter(slug="home", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [("home", "0001_initial"), ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes")]
    operations = [migrations.RunPython(create_homepage, remove_homepage)]
