"""{% cached_fragment "name" vary1 vary2 [countdown] %}...{% endcached_fragment %}: the
enclosed template, rendered once and kept under the page cache's purge generation
(home.fragments.cached_fragment), keyed by the name, the values after it, and the language,
time zone and host. Put nothing personal inside (the user, CSRF tokens, messages, the
request's path): it is served to everyone. `countdown` keeps it at most a minute, for a
text like "3 hours, 5 minutes left". Values the enclosed part needs should be lazy
(core.cache.lazy_values), so that a kept fragment costs none of their queries."""

from django import template
from django.utils.safestring import mark_safe

from home.fragments import cached_fragment as fragment

register = template.Library()


class CachedFragmentNode(template.Node):
    def __init__(self, nodelist, name, vary, countdown):
        self.nodelist, self.name, self.vary, self.countdown = nodelist, name, vary, countdown

    def render(self, context):
        name = self.name.resolve(context)
        vary = [v.resolve(context) for v in self.vary]
        html = fragment(
            context.get("request"), name, vary, lambda: str(self.nodelist.render(context)), countdown=self.countdown
        )
        return mark_safe(html)  # noqa: S308 - the template's own output, escaped as it was rendered


@register.tag
def cached_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a name")
    countdown = "countdown" in bits[2:]
    vary = [parser.compile_filter(bit) for bit in bits[2:] if bit != "countdown"]
    nodelist = parser.parse(("endcached_fragment",))
    parser.delete_first_token()
    return CachedFragmentNode(nodelist, parser.compile_filter(bits[1]), vary, countdown)
