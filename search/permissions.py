"""Which forums a searching user may read.

One function, so the forum app can later swap in its own regional rules:
point `SEARCH_READABLE_FORUMS` at a callable `(user) -> iterable of forum ids`.
"""

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils.module_loading import import_string


def machina_readable_forum_ids(user):
    """Forum ids machina's permission handler lets `user` read."""
    from machina.apps.forum_permission.handler import PermissionHandler

    forum = apps.get_model("forum", "Forum")
    user = user if user is not None else AnonymousUser()
    readable = PermissionHandler().get_readable_forums(forum.objects.all(), user)
    return sorted(readable.values_list("pk", flat=True))


def readable_forum_ids(user):
    path = getattr(settings, "SEARCH_READABLE_FORUMS", "")
    finder = import_string(path) if path else machina_readable_forum_ids
    return list(finder(user))
