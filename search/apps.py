from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    label = "site_search"
    verbose_name = _("Поиск по порталу")

    def ready(self):
        from django.db.models.signals import post_save

        from home.models import Region

        from . import signals
        from .permissions import region_saved

        signals.connect()
        post_save.connect(region_saved, sender=Region, dispatch_uid="site_search_region_saved")
