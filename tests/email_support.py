"""Shared by the email tests: the awards' name in both languages in the site settings, and
the check that a message has its two parts (text and the HTML alternative in the site's look)."""

from wagtail.models import Site

from home.models import SiteSettings

ZH_NAME = "临江市创新奖"
EN_NAME = "Linjiang Innovation Awards"


def name_the_site():
    """The site settings as an office fills them in, in both languages."""
    settings, _ = SiteSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={
            "site_name_zh_hans": ZH_NAME,
            "site_name_en": EN_NAME,
            "organiser_zh_hans": "临江市科学技术局",
            "organiser_en": "Linjiang Science and Technology Bureau",
            "contact_email": "awards@linjiang.example.cn",
        },
    )
    return settings


def assert_two_parts(message, *, language):
    """The message is text/plain with one text/html alternative whose page is in `language`;
    returns the HTML."""
    assert message.content_subtype == "plain"
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert f'<html lang="{language}" dir="ltr">' in html
    assert "#b91c1c" in html  # the site's accent
    assert '"PingFang SC"' in html or "'PingFang SC'" in html
    assert "<img" not in html and "http" not in html.split("<body")[0]  # no outside images or fonts
    return html
