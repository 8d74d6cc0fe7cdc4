"""The categories' colours as a style sheet: one class per category (Category.css_class).

Templates mark an element with `category-<code>` (e.g. `category-tec`) and the site's CSS
reads `--category-colour` from it. A style sheet rather than a `style="..."` attribute keeps
the Content-Security-Policy's style-src free of 'unsafe-inline', and the colours stay
editable as category snippets. Saving a category purges the page cache (PAGE_CACHE_PURGE_MODELS),
which holds this sheet like any other public response."""

import re

from django.http import HttpResponse
from django.views.decorators.http import require_safe

from nominations.models import Category

# Browsers may reuse the sheet for as long as the page cache keeps a page.
MAX_AGE_SECONDS = 300
# What the model's validators allow; rows saved around them never reach the sheet.
SAFE_CODE = re.compile(r"[A-Z]{3}")
SAFE_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


@require_safe
def category_css(request):
    rules = [
        f".{category.css_class} {{ --category-colour: {category.colour}; }}\n"
        for category in Category.objects.only("code", "colour").order_by("code")
        if SAFE_CODE.fullmatch(category.code) and SAFE_COLOUR.fullmatch(category.colour)
    ]
    response = HttpResponse("".join(rules), content_type="text/css; charset=utf-8")
    response["Cache-Control"] = f"public, max-age={MAX_AGE_SECONDS}"
    return response
