"""Reactions to editors' changes of events."""

from . import services


def fill_places_after_publish(sender, instance, **kwargs):
    """An editor may have raised the capacity: give the new places to the waiting list."""
    services.fill_free_places(instance)
