from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
    verbose_name = _("События")

    def ready(self):
        from wagtail.signals import page_published

        from .models import EventPage
        from .signals import fill_places_after_publish

        page_published.connect(fill_places_after_publish, sender=EventPage)
