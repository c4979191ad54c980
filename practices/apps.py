from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "practices"
    verbose_name = _("Практики и материалы")

    def ready(self):
        from taggit.models import Tag

        from home import page_cache

        from . import models, signals  # noqa: F401 - connects the receivers

        # Anonymous pages cached whole show these lists (filters, cards).
        page_cache.invalidate_on_change(
            models.TargetGroup,
            models.ServiceType,
            models.Indicator,
            models.Organisation,
        )
        # Topics are taggit tags: renamed or deleted in Django's admin, they
        # change the library's pages and facets only.
        page_cache.invalidate_on_change(Tag, area=page_cache.CONTENT)
