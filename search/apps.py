from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    label = "site_search"
    verbose_name = _("Поиск по порталу")

    def ready(self):
        from django.db.models.signals import post_save

        from home import page_cache
        from home.models import Region

        from . import signals
        from .models import SynonymGroup
        from .permissions import region_saved

        signals.connect()
        # A saved synonym group counts at the next search: it retires the kept
        # synonym lookup and the searches kept for anonymous visitors.
        page_cache.invalidate_on_change(SynonymGroup, area=page_cache.SEARCH)
        post_save.connect(region_saved, sender=Region, dispatch_uid="site_search_region_saved")
