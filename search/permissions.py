"""Which forums a searching user may read, and who may edit the synonyms.

One function for the forums, so the forum app can later swap in its own
regional rules: point `SEARCH_READABLE_FORUMS` at a callable `(user) ->
iterable of forum ids`.

Synonym groups change what every region's visitors find, so they are a
programme-wide list: the interregional section's editors and moderators (the
project-wide group) may add, change and delete them, as superusers may.
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


SYNONYM_PERMISSIONS = [
    "add_synonymgroup",
    "change_synonymgroup",
    "delete_synonymgroup",
    "view_synonymgroup",
]


def grant_synonym_permissions(region):
    """The interregional section's groups may edit the synonyms (idempotent)."""
    from django.contrib.auth.models import Permission

    if not region.is_interregional:
        return
    permissions = Permission.objects.filter(
        content_type__app_label="site_search", codename__in=SYNONYM_PERMISSIONS
    )
    for group in (region.editors_group, region.moderators_group):
        if group is not None:
            group.permissions.add(*permissions)


def region_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        grant_synonym_permissions(instance)
