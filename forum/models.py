"""Machina's forum models, unchanged for now (see MIGRATION_MODULES in settings)."""

from machina.apps.forum.models import *  # noqa: F403
