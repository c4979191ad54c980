from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "results"
    verbose_name = _("Результаты программы")

    def ready(self):
        from . import models, signals  # noqa: F401 - connects the receivers

        # Every change of these models retires cached pages by default
        # (home.page_cache). DailyCount is on its deny-list: written by
        # flush_counts in bulk, and /results/ shows ended periods only, which a
        # flush never changes.
