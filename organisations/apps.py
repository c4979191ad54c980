from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "organisations"
    verbose_name = _("Организации")

    def ready(self):
        from home import page_cache

        from . import models, signals  # noqa: F401 - connects the receivers

        # The directory, organisation pages and practice pages show organisations.
        page_cache.invalidate_on_change(models.Organisation, models.Membership)
