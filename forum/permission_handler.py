"""machina's permission handler, with what anonymous visitors may do memoised.

Every forum page asks machina which forums the visitor may see and read, and
whether they may read this one: for an anonymous visitor the answer is the
same for everyone and changes only when forums or forum permissions do (both
start a new content generation, see forum_extras.apps). So it is worked out
once per generation instead of by a dozen queries on every page. Members are
answered by machina as before.

One rule is added for both: a forum may be seen or read only when every forum
above it may be (machina applies it to its lists, not to the forum's and its
topics' own pages, which checked the forum's own permissions alone).

Moderation follows the one regional rule: who approves, edits, deletes, locks
or moves in a forum is `home.permissions` to say (`moderate` on the forum's
ForumSettings, whose region is the forum's), not machina's per-group rows,
which would keep granting the old region's moderators after the forum is given
to another region. Rows granting those permissions are ignored here (they are
kept in step only for machina's own forms, which build a handler of their own).
"""

from machina.apps.forum.models import Forum
from machina.apps.forum_permission.checker import ForumPermissionChecker
from machina.apps.forum_permission.handler import PermissionHandler

from forum_extras.models import ForumSettings
from home.page_cache import FORUM, memoised
from home.permissions import allowed

from .setup import MODERATION, MODERATOR


class PortalPermissionHandler(PermissionHandler):
    def _get_forums_for_user(self, user, perm_codenames, use_tree_hierarchy=False):
        parent = super()._get_forums_for_user
        # Only the visibility questions (which forums may be seen, read) are memoised:
        # their callers use the forums' ids alone.
        if not user.is_anonymous or not use_tree_hierarchy:
            return parent(user, perm_codenames, use_tree_hierarchy)
        name = f"forum-perms:anonymous:{','.join(perm_codenames)}:{use_tree_hierarchy}"
        ids = memoised(
            name,
            lambda: [forum.id for forum in parent(user, perm_codenames, use_tree_hierarchy)],
            FORUM,
        )
        # machina's callers read only the ids (and compare forums, which Django does by id).
        return [Forum(id=forum_id) for forum_id in ids]

    def _filter_granted_forums_using_tree(self, granted_forums):
        """machina's rule, that a forum is kept only when it and all its ancestors
        are granted, read from the forums the handler has already loaded (their
        parent ids) instead of building MPTT trees and comparing models pairwise."""
        granted = {forum.id for forum in granted_forums}
        forums = self._get_all_forums()
        parent_of = {forum.id: forum.parent_id for forum in forums}

        def kept(forum_id):
            node = forum_id
            while node is not None and node in granted:
                node = parent_of.get(node)
            return node is None

        # The loaded forums themselves (machina returned a queryset of them, which
        # its callers only iterate for their ids).
        return [forum for forum in forums if forum.id in granted and kept(forum.id)]

    def _get_checker(self, user):
        key = "anonymous" if user.is_anonymous else user.id
        if key not in self._user_perm_checkers_cache:
            checker_class = (
                AnonymousPermissionChecker if user.is_anonymous else TreePermissionChecker
            )
            self._user_perm_checkers_cache[key] = checker_class(user)
        return self._user_perm_checkers_cache[key]


def forum_tree():
    """{forum id: (parent id, name, slug)} of every forum, memoised until forums
    change: the tree rule and the forum pages' breadcrumbs read it."""
    return memoised(
        "forum-tree",
        lambda: {
            row[0]: row[1:] for row in Forum.objects.values_list("id", "parent_id", "name", "slug")
        },
        FORUM,
    )


def forum_ancestors(forum):
    """[(id, name, slug)] of the forums above `forum`, from the root down."""
    tree = forum_tree()
    ancestors = []
    parent = forum.parent_id
    while parent is not None and parent in tree:
        parent_id, name, slug = tree[parent]
        ancestors.append((parent, name, slug))
        parent = parent_id
    return ancestors[::-1]


# The permissions that the forums above must grant too.
TREE_PERMISSIONS = frozenset({"can_see_forum", "can_read_forum"})


class TreePermissionChecker(ForumPermissionChecker):
    """machina's checker, with the tree rule for seeing and reading a forum and
    moderation decided by the one regional rule."""

    def moderated_forum_ids(self):
        """The forums whose region `home.permissions` lets the user moderate."""
        if not hasattr(self, "_moderated"):
            self._moderated = frozenset(
                allowed(self.user, "moderate", ForumSettings.objects.all()).values_list(
                    "forum_id", flat=True
                )
            )
        return self._moderated

    def get_perms_for_forumlist(self, forums, perm_codenames=None):
        perms = super().get_perms_for_forumlist(forums, perm_codenames)
        wanted = set(perm_codenames) if perm_codenames else None
        moderated = self.moderated_forum_ids() if self.user.is_authenticated else frozenset()
        for forum in forums:
            granted = set(perms.get(forum, ())) - MODERATION
            if forum is not None and forum.id in moderated:
                granted |= set(MODERATOR) if wanted is None else set(MODERATOR) & wanted
            perms[forum] = granted
        return perms

    def has_perm(self, perm, forum):
        if not super().has_perm(perm, forum):
            return False
        if perm not in TREE_PERMISSIONS or forum is None or forum.parent_id is None:
            return True
        tree = forum_tree()
        ancestor = forum.parent_id
        while ancestor is not None:
            if not super().has_perm(perm, Forum(id=ancestor)):
                return False
            ancestor = tree[ancestor][0] if ancestor in tree else None
        return True


class AnonymousPermissionChecker(TreePermissionChecker):
    """The permissions of anonymous visitors on one forum, memoised per generation."""

    def get_perms(self, forum):
        parent = super().get_perms
        name = f"forum-perms:anonymous:{forum.id if forum is not None else 'global'}"
        return memoised(name, lambda: list(parent(forum)), FORUM)
