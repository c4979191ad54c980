from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "results"
    verbose_name = _("Результаты программы")

    def ready(self):
        from home import page_cache

        from . import models, signals  # noqa: F401 - connects the receivers

        # /results/ sums accepted reports and shows targets.
        page_cache.invalidate_on_change(
            models.ReportingPeriod,
            models.OrganisationReport,
            models.IndicatorTarget,
            models.Proposal,
            models.AttendanceCertificate,
        )
        # DailyCount is written by flush_counts with plain UPDATEs and bulk INSERTs
        # (no signals): /results/ shows ended periods only, which a flush never changes.
