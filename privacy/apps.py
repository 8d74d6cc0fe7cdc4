from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Personal data")

    def ready(self):
        from privacy import serialization  # noqa: PLC0415 (an app's modules load once the app is ready)

        serialization.install()
