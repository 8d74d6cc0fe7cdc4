"""{% admin_userbar %}: Wagtail's user bar, without reading every permission of a visitor
who cannot reach the admin.

Wagtail's tag asks user.has_perm("wagtailadmin.access_admin"), which loads all of the
user's permissions (two queries) on every signed-in page. The two-factor check
(accounts.mfa.mfa_facts) has already worked out, in its one query, whether the user may
reach the admin, and leaves the answer on the user as `reaches_admin`; where it has not
run, Wagtail's own check decides."""

from django import template

from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar

register = template.Library()


@register.simple_tag(takes_context=True)
def admin_userbar(context, position="bottom-right"):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or getattr(user, "reaches_admin", None) is False:
        return ""
    return wagtailuserbar(context, position)
