from wagtail import hooks

from accounts.mfa import lacks_required_mfa
from accounts.middleware import redirect_to_mfa_setup


@hooks.register("before_serve_page")
def require_mfa_for_private_pages(page, request, serve_args, serve_kwargs):
    """Pages are public, so RequireMFAMiddleware lets staff without two factors through to
    them; a private page (Wagtail's privacy: signed-in users, groups, a password) is not."""
    if request.user.is_authenticated and page.get_view_restrictions().exists() and lacks_required_mfa(request.user):
        return redirect_to_mfa_setup(request)
    return None
