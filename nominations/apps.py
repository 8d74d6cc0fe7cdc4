from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NominationsConfig(AppConfig):
    name = "nominations"
    verbose_name = _("Nominations")

    def ready(self):
        # An app's modules load once it is ready: the signals' receivers, the pages' listings.
        from nominations import listings, signals  # noqa: F401, PLC0415 (an app's modules load once it is ready)

        listings.connect()
