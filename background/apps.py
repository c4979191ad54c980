from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackgroundConfig(AppConfig):
    """Work done beside the requests: the outbox of letters, the worker's schedule
    and the health page. The task queue itself is django-tasks (`TASKS` setting,
    the database backend by default); this app owns what the portal puts in it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "background"
    verbose_name = _("Фоновая работа")

    def ready(self):
        from django.db.models.signals import post_save, pre_save

        from wagtail.signals import post_page_move

        from home.models import regional_page_models

        from .regions import follow_move, follow_region_change, note_region_change

        # Connected after home's receiver (home comes first in INSTALLED_APPS), which
        # gives the moved pages their new region first.
        post_page_move.connect(follow_move, dispatch_uid="background:letters-follow-move")
        for model in regional_page_models():
            pre_save.connect(note_region_change, sender=model, dispatch_uid="background:region-was")
            post_save.connect(
                follow_region_change, sender=model, dispatch_uid="background:region-changed"
            )
