"""The Content-Security-Policy header (django-csp): CONTENT_SECURITY_POLICY everywhere, and
ADMIN_CONTENT_SECURITY_POLICY under /admin/, where Wagtail's own templates and widgets use
inline scripts and style attributes we do not control.

The public, account and judging pages carry no inline script, style element or style
attribute at all (tests/awards_site/test_csp.py), so the strict policy costs them nothing.
A template that needs an inline <script> or <style> gives it nonce="{{ request.csp_nonce }}";
a page that does so is never stored by the page cache (home.middleware), which would hand
every visitor the same nonce."""

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config

from django.conf import settings

ADMIN_PREFIX = "/admin/"


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        if request.path_info.startswith(ADMIN_PREFIX):
            # No nonce here: a nonce in script-src or style-src makes browsers ignore the
            # 'unsafe-inline' that Wagtail's admin needs.
            admin = default_config(settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
            return PolicyParts(config=admin, update=parts.update, replace=parts.replace, nonce=None)
        if parts.nonce is None:
            # Every page's policy names a fresh nonce, used or not, so the header has one
            # shape; pages served from the page cache get theirs here.
            parts.nonce = self._make_nonce(request)
        return parts
