"""What a page type lists beside its own fields (the calls by cycle, one page of winners, a
story's extras, the home page's timeline and cards), given to its template lazily.

A listing comes from its app's queries, and queries sit above the models (docs/
ARCHITECTURE.md): a page model must not import them. So each app, once it is ready,
registers the function that makes a page type's listing (`provide`), and the page's
get_context asks for it (`listing_context`). The values are lazy (core.cache.lazy_values):
a template whose fragments are all kept from the cache runs none of the listing's queries."""

from core.cache import lazy_values

_providers = {}  # page model -> (names, make(page, request) -> {name: value})


def provide(page_model, names, make):
    _providers[page_model] = (tuple(names), make)


def listing_context(page, request):
    """{name: lazy value} of the page's listing. A page type whose app registered none is
    a mistake in the code: KeyError names it."""
    names, make = _providers[type(page)]
    return lazy_values(lambda: make(page, request), names)
