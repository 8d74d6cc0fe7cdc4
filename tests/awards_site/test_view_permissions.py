"""One way for a view to say who may use it (core.permission.PredicateRequiredMixin).

Reads the URLconf: every view of ours outside the Wagtail admin either uses the mixin or is
listed below as public, with the reason. A view that checks by hand (LoginRequiredMixin,
a decorator, an `if ...: raise Http404` in dispatch) fails here. The admin's own views
(under /admin/) sit behind Wagtail's admin-access check and its permission policies; those
we wrote ourselves are listed in ADMIN_VIEWS_ON_THE_MIXIN and checked too."""

from django.urls import URLPattern, URLResolver, get_resolver

from core.permission import PredicateRequiredMixin

OUR_APPS = {"accounts", "awards_site", "core", "home", "judging", "nominations", "office", "privacy", "scheduling"}

PUBLIC = {
    "accounts.views.AdminLoginRedirectView": "sends Wagtail's login pages to allauth's sign-in page",
    "home.views.set_language_get": "the footer's language links",
    "judging.experts.onboarding.JoinView": "an invited expert's link: gated by the invitation's token, not a sign-in",
    "home.views_search.search": "the public site's search",
    "home.views_figures.figures_index": "the public list of cycles whose figures are published",
    "home.views_figures.cycle_figures_view": "a cycle's public figures: a 404 until its results are announced",
    "home.views_figures.public_experts": "the public expert pool: only experts who agreed to be listed",
    "home.feeds.WinnersFeed": "the public winners' feed (announced results only)",
    "nominations.views.category_css.category_css": "the categories' colours, a style sheet",
    "nominations.views.media.serve_media": "media: each file's own rule (an embargoed image only for the admin)",
    "nominations.views.nominee.NomineeConsentView": "the nominee's page, through a signed link (no account)",
    "scheduling.health.HealthView": "for monitors, no sign-in",
}

# Our views in the admin that do not use the mixin, each with what guards it instead: the
# views Wagtail's viewsets make (their permission policy decides), its report view, and the
# redirect of its sign-in page. Every other admin view of ours must use the mixin.
ADMIN_VIEWS_GUARDED_BY_WAGTAIL = {
    "accounts.views.AdminLoginRedirectView": "sends the admin's sign-in page to the site's own",
    "core.bilingual_admin.TranslatedTitleIndexView": "a snippet viewset's listing: its permission policy",
    "home.translation_report.MissingTranslationsView": "a Wagtail report: the reports' permission",
    "judging.admin_views.RoundEditView": "the rounds' snippet viewset: its permission policy",
    "judging.admin_views.RoundIndexView": "the rounds' snippet viewset: its permission policy",
    "judging.admin_views.RoundInspectView": "the rounds' snippet viewset: its permission policy",
    "nominations.screening.views.NominationIndexView": "the nominations' viewset: its limited permission policy",
    "nominations.screening.views.NominationInspectView": "the nominations' viewset: its limited permission policy",
}


def views():
    """(route, dotted name, callback) for every URL pattern, with its full route."""

    def walk(resolver, prefix):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                view = getattr(pattern.callback, "view_class", None) or pattern.callback
                if not hasattr(view, "__name__"):  # an instance (a feed)
                    view = type(view)
                yield prefix + str(pattern.pattern), f"{view.__module__}.{view.__qualname__}", view

    return list(walk(get_resolver(), ""))


def ours(name):
    return name.split(".")[0] in OUR_APPS


def uses_the_mixin(view):
    return isinstance(view, type) and issubclass(view, PredicateRequiredMixin)


def test_every_page_of_ours_uses_the_permission_mixin_or_is_public():
    found = [(route, name, view) for route, name, view in views() if ours(name) and "admin/" not in route]
    assert len(found) > 40  # the URLconf was read (the nominators', judges' and account pages)
    unguarded = sorted({name for _route, name, view in found if not uses_the_mixin(view) and name not in PUBLIC})
    assert unguarded == []


def test_a_public_view_is_not_also_guarded_and_still_exists():
    names = {name: view for _route, name, view in views()}
    assert sorted(set(PUBLIC) - set(names)) == []
    assert sorted(name for name in PUBLIC if uses_the_mixin(names[name])) == []


def test_our_admin_views_use_the_permission_mixin_or_are_wagtails_own():
    found = {name: view for route, name, view in views() if ours(name) and "admin/" in route}
    assert len(found) > 15  # the admin's URLconf was read (rounds, certificates, messages, erasure…)
    unguarded = sorted(name for name, view in found.items() if not uses_the_mixin(view))
    assert unguarded == sorted(ADMIN_VIEWS_GUARDED_BY_WAGTAIL)
