"""/sitemap.xml in both languages: every live, public page of each language's tree, each
with xhtml:link alternates naming its translations (and x-default, the default language's
page), as search engines read them. Wagtail's own sitemap lists one tree only, the
site's root page's, so its items are widened to the root's translations."""

from django.conf import settings
from django.db.models import Q

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Locale, Page


class TranslatedSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        roots = Page.objects.filter(translation_key=root.translation_key).values_list("path", flat=True)
        in_a_tree = Q()
        for path in roots:
            in_a_tree |= Q(path__startswith=path)
        return Page.objects.live().public().filter(in_a_tree).order_by("path").defer_streamfields().specific()

    def _urls(self, page, protocol, domain):
        # Each page says where it is (a story under embargo says nothing: it is left out in
        # every language, WinnerStoryPage.get_sitemap_urls); its alternates are the
        # translations that are listed, so a hidden one is never named either.
        codes = dict(Locale.objects.values_list("pk", "language_code"))
        listed = []
        last_mods = set()
        for item in self.paginator.page(page).object_list.iterator():
            for url_info in item.get_sitemap_urls(self.request):
                listed.append((item.translation_key, codes[item.locale_id], url_info))
                last_mods.add(url_info.get("lastmod"))
        by_key = {}
        for key, code, url_info in listed:
            by_key.setdefault(key, {})[code] = url_info["location"]
        urls = []
        for key, _code, url_info in listed:
            urls.append({**url_info, "alternates": _alternates(by_key[key])})
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls


def _alternates(locations):
    if len(locations) < 2:
        return []
    links = [{"lang_code": code, "location": locations[code]} for code, _ in settings.LANGUAGES if code in locations]
    if settings.LANGUAGE_CODE in locations:
        links.append({"lang_code": "x-default", "location": locations[settings.LANGUAGE_CODE]})
    return links
