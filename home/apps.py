from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site pages")

    def ready(self):
        from home import listings, signals  # noqa: PLC0415 (an app's modules load once the app is ready)

        signals.connect()
        listings.connect()
