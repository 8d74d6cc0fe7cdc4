from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "office"
    verbose_name = _("Awards office")
