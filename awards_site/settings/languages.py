"""Two languages, Chinese first: the interface (gettext), the pages (Wagtail's locales) and
the content that is not a page (per-language fields, modeltranslation)."""

from pathlib import Path

import environ

env = environ.Env()
BASE_DIR = Path(__file__).resolve().parent.parent.parent

# The site's default language: what a visitor gets at / when neither a language cookie nor
# the browser names one we have. Chinese for the city; a deployment sets LANGUAGE_CODE=en.
LANGUAGE_CODE = env("LANGUAGE_CODE", default="zh-hans")
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# The visitor's language choice (home.views.set_language_get sets it from these): never sent
# with another site's requests, never read by scripts; Secure in production.
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = False
USE_I18N = True
# The interface's own catalogue (locale/zh_Hans/LC_MESSAGES/django.po).
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["awards_site.formats"]
# Where no language is active (translation.override(None), e.g. an email to someone whose
# language is unknown) Django falls back to these settings, whose defaults end a time in
# "p.m." and so a sentence in "p.m..": the English formats instead, which end in a digit.
DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"

# Pages: one tree per locale, linked as translations (Wagtail's simple translation: an editor
# copies a page into the other language and rewrites it there; see the README).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# A new page is not copied into the other tree by itself: a copy would show the first
# language's text under the second language's URL until someone translated it.
WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE = False

# Categories, cycles, award levels, rubric criteria, site settings: a column per language
# (name_zh_hans, name_en). Reading `name` gives the active language's text, or the other's
# when it is empty (nominations.translation, judging.translation, home.translation).
MODELTRANSLATION_DEFAULT_LANGUAGE = "zh-hans"
MODELTRANSLATION_LANGUAGES = ("zh-hans", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("zh-hans", "en")}
MODELTRANSLATION_AUTO_POPULATE = False
