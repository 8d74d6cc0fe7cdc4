from django.urls import reverse
from django.utils.http import urlencode
from django.views.generic import RedirectView


class AdminLoginRedirectView(RedirectView):
    """Sends /admin/login/ to the site's sign-in page, keeping where to go next."""

    permanent = False

    def get_redirect_url(self, *args, **kwargs):
        url = reverse("account_login")
        next_url = self.request.GET.get("next")
        return f"{url}?{urlencode({'next': next_url})}" if next_url else url
