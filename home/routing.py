"""Wagtail's page routing, remembered under the page cache's purge generation.

Serving a page, Wagtail finds the request's Site (one query), the home page in the active
language (two), its specific page (one), then walks the path a level at a time (two queries
a level): six to nine queries before the page's own work, for every rendered page. The
answer changes only when pages are published, unpublished, moved or deleted, or a Site is
saved, each of which purges (home.signals). Then Wagtail checks the page's view restrictions
(two more queries), which change only when a restriction is saved or deleted (which purges:
PAGE_CACHE_PURGE_MODELS).

This middleware keeps the answer (the Site and the live page, as published: what a visitor
sees of a page changes only by publishing) as a fragment (core.cache) keyed by the path and
the language, and hands Wagtail's serve view the page through the attributes Wagtail itself
caches its answers in (request._wagtail_site, request._wagtail_route_for_request): one cache
read, no query. Only plain routes to live pages without view restrictions are kept (a page
that consumes part of the path itself, such as a routable page, routes as before); a path
that does not route is not kept. Placed last in MIDDLEWARE: process_view runs once the
language is active."""

from wagtail import views as wagtail_views
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.url_routing import RouteResult

from home.fragments import cached_fragment, fragment_cache_seconds


class PageRouteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_views.serve or request.method not in {"GET", "HEAD"}:
            return None
        if not fragment_cache_seconds() or hasattr(request, "_wagtail_route_for_request"):
            return None
        path = view_kwargs.get("path", view_args[0] if view_args else "")
        found = cached_fragment(request, "route", [path], lambda: _route(request, path), keep_empty=False)
        if found is None or hasattr(request, "_wagtail_route_for_request"):
            return None  # not kept, or just routed by Wagtail itself (_route)
        site, page = found
        if not hasattr(request, "_wagtail_site"):
            request._wagtail_site = site
        # Kept only without restrictions: Wagtail's check (wagtail_hooks.check_view_restrictions)
        # then finds none without asking the database.
        page.get_view_restrictions = PageViewRestriction.objects.none
        request._wagtail_route_for_request = RouteResult(page)
        return None


def _route(request, path):
    """Wagtail's own routing (its answer stays on the request for the view), as (site, page)
    when it is a plain route to a live page without view restrictions."""
    result = Page.route_for_request(request, path)
    if result is None:
        return None
    page, args, kwargs = result
    if args or kwargs or not page.live or page.get_view_restrictions():
        return None
    return (Site.find_for_request(request), page)
