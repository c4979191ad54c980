from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "practices"
    verbose_name = _("Практики и материалы")

    def ready(self):
        from . import signals  # noqa: F401 - connects the receivers
