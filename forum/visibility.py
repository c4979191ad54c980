"""Which forums a visitor may read: the one question search and our pages ask.

machina's ForumVisibilityContentTree is re-exported for code that expects
machina's `forum.visibility` module under our app label.
"""

from machina.apps.forum.visibility import ForumVisibilityContentTree  # noqa: F401

from home.page_cache import FORUM, memoised

from .permission_handler import PortalPermissionHandler


def readable_forum_ids(user, handler=None):
    """Ids of the forums `user` may read (an AnonymousUser or None for visitors).

    Asks machina's permission handler (the same one its views use, including the
    rule that a forum inside an unreadable category is unreadable). Pass the
    request's `forum_permission_handler` to reuse its per-request cache.
    What anonymous visitors may read is memoised until forums or permissions
    change (forum_extras registers them with home.page_cache).
    """

    if user is None:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()

    def compute():
        # What machina's get_readable_forums filters all forums by, without
        # turning it into two more queries.
        readable = (handler or PortalPermissionHandler())._get_forums_for_user(
            user, ["can_read_forum"], use_tree_hierarchy=True
        )
        return {forum.id for forum in readable}

    if not user.is_authenticated:
        return memoised("forum:readable-by-anonymous", compute, FORUM)
    return compute()


def post_is_public(post):
    """True when an anonymous visitor may see this post (approved, in a public forum).

    The site search indexes only such posts.
    """
    from django.contrib.auth.models import AnonymousUser

    return bool(
        post.approved
        and post.topic.approved
        and post.topic.forum_id in readable_forum_ids(AnonymousUser())
    )
