"""The forum's structure and its permissions, set up idempotently.

machina ships no permissions at all: a fresh forum is invisible to everyone but
superusers. `setup_forums()` creates the forums the programme needs (looked up
by name, so a second run changes nothing) and `apply_permissions()` derives
machina's per-forum UserForumPermission / GroupForumPermission rows from each
forum's ForumSettings (kind + region). Who moderates a forum is decided by
home.permissions from its region (forum.permission_handler); the moderators'
rows follow a change of region (forum_extras.receivers) so that machina's own
forms agree. Staff may add forums in the Django admin;
giving one a ForumSettings row and running `seed_demo` (or calling
`apply_permissions`) grants the same rights as for the seeded ones.
"""

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _

from machina.apps.forum.models import Forum
from machina.apps.forum_permission.models import (
    ForumPermission,
    GroupForumPermission,
    UserForumPermission,
)

from forum_extras.models import ForumSettings
from home.models import Region
from home.page_cache import FORUM, bulk_changes

TRUSTED_GROUP = "Проверенные участники форума"
EXPERTS_GROUP = "Эксперты"

READ = ["can_see_forum", "can_read_forum", "can_download_file"]
MEMBER = READ + [
    "can_start_new_topics",
    "can_reply_to_topics",
    "can_edit_own_posts",
    "can_attach_file",
    "can_vote_in_polls",
]
TRUSTED = ["can_post_without_approval"]
MODERATOR = MEMBER + [
    "can_post_without_approval",
    "can_post_stickies",
    "can_post_announcements",
    "can_delete_own_posts",
    "can_create_polls",
    "can_lock_topics",
    "can_move_topics",
    "can_edit_posts",
    "can_delete_posts",
    "can_approve_posts",
    "can_reply_to_locked_topics",
]
# What only a forum's moderators may do there: decided by home.permissions from the
# forum's region (forum.permission_handler); the rows below only keep machina's own
# forms (destinations of a move, topic types) in step.
MODERATION = frozenset(
    {
        "can_post_stickies",
        "can_post_announcements",
        "can_lock_topics",
        "can_move_topics",
        "can_edit_posts",
        "can_delete_posts",
        "can_approve_posts",
        "can_reply_to_locked_topics",
    }
)

THEMATIC_FORUMS = [
    ("Организация добровольческой деятельности", "Набор, обучение и поддержка добровольцев, "
     "договоры с волонтёрами, учёт часов."),
    ("Услуги детям", "Наставничество, досуг и сопровождение детей и семей с детьми."),
    ("Услуги людям старшего поколения", "Помощь на дому, «серебряное» добровольчество, "
     "профилактика одиночества."),
    ("Взаимодействие СО НКО и ГУ/МУ", "Соглашения, совместные проекты, передача услуг "
     "некоммерческим организациям."),
    ("Нормативная база и типовые формы", "Законы, приказы, образцы документов и их применение."),
]  # fmt: skip
CONSULTATIONS = "Консультации экспертов"
MEMBERS_ONLY = "Клуб участников программы"
REGIONS_CATEGORY = "Форумы регионов"
THEMES_CATEGORY = "Межрегиональные темы"


def _forum(name, parent=None, kind=Forum.FORUM_POST, description=""):
    forum = Forum.objects.filter(name=name, parent=parent).first()
    if forum is None:
        forum = Forum.objects.create(name=name, parent=parent, type=kind, description=description)
    return forum


def _settings(forum, kind, region):
    ForumSettings.objects.update_or_create(forum=forum, defaults={"kind": kind, "region": region})


@transaction.atomic
def setup_forums():
    """Create the programme's forums (idempotent) and grant their permissions."""
    interregional = Region.objects.filter(is_interregional=True).first()
    regions_cat = _forum(REGIONS_CATEGORY, kind=Forum.FORUM_CAT)
    for region in Region.objects.regional():
        forum = _forum(
            region.name,
            parent=regions_cat,
            description=_("Вопросы и опыт добровольцев и специалистов %(where)s.")
            % {"where": region.name_locative or region.name},
        )
        _settings(forum, ForumSettings.Kind.REGIONAL, region)
    themes_cat = _forum(THEMES_CATEGORY, kind=Forum.FORUM_CAT)
    for name, description in THEMATIC_FORUMS:
        forum = _forum(name, parent=themes_cat, description=description)
        _settings(forum, ForumSettings.Kind.THEMATIC, interregional)
    consultations = _forum(
        CONSULTATIONS,
        description=_("Задайте вопрос эксперту программы: юристу, психологу, методисту."),
    )
    _settings(consultations, ForumSettings.Kind.CONSULTATIONS, interregional)
    members = _forum(
        MEMBERS_ONLY,
        description=_("Закрытый раздел: видят только вошедшие участники программы."),
    )
    _settings(members, ForumSettings.Kind.MEMBERS, interregional)
    apply_permissions(categories=[regions_cat, themes_cat])


def trusted_group():
    return Group.objects.get_or_create(name=TRUSTED_GROUP)[0]


def experts_group():
    return Group.objects.get_or_create(name=EXPERTS_GROUP)[0]


class _Grants:
    """Collects the wanted permission rows and writes only what is missing, in bulk.

    A row that denies what we grant (has_perm=False) is turned into a grant.
    """

    def __init__(self):
        self.perms = {p.codename: p for p in ForumPermission.objects.all()}
        self.users = {
            (forum_id, perm_id, anonymous): (pk, has_perm)
            for pk, forum_id, perm_id, anonymous, has_perm in UserForumPermission.objects.filter(
                user=None
            ).values_list("pk", "forum_id", "permission_id", "anonymous_user", "has_perm")
        }
        self.groups = {
            (forum_id, perm_id, group_id): (pk, has_perm)
            for pk, forum_id, perm_id, group_id, has_perm in GroupForumPermission.objects.values_list(
                "pk", "forum_id", "permission_id", "group_id", "has_perm"
            )
        }
        self.new_users, self.new_groups, self.flip_users, self.flip_groups = [], [], [], []
        self.drop_groups, self.drop_users = [], []

    def users_of(self, forum, codenames, anonymous):
        for codename in codenames:
            permission = self.perms[codename]
            key = (forum.pk, permission.pk, anonymous)
            existing = self.users.get(key)
            if existing is None:
                self.new_users.append(
                    UserForumPermission(
                        forum=forum,
                        permission=permission,
                        anonymous_user=anonymous,
                        authenticated_user=not anonymous,
                        has_perm=True,
                    )
                )
            elif not existing[1]:
                self.flip_users.append(existing[0])
            self.users[key] = (None, True)

    def group(self, forum, group, codenames):
        for codename in codenames:
            permission = self.perms[codename]
            key = (forum.pk, permission.pk, group.pk)
            existing = self.groups.get(key)
            if existing is None:
                self.new_groups.append(
                    GroupForumPermission(
                        forum=forum, permission=permission, group=group, has_perm=True
                    )
                )
            elif not existing[1]:
                self.flip_groups.append(existing[0])
            self.groups[key] = (None, True)

    def revoke(self, forum, group_id, codenames):
        """Drop the rows giving `group_id` these permissions on `forum`."""
        for codename in codenames:
            key = (forum.pk, self.perms[codename].pk, group_id)
            existing = self.groups.pop(key, None)
            if existing is not None and existing[0] is not None:
                self.drop_groups.append(existing[0])

    def revoke_users(self, forum, codenames, anonymous):
        """Drop the rows giving anonymous (or signed-in) visitors these permissions."""
        for codename in codenames:
            key = (forum.pk, self.perms[codename].pk, anonymous)
            existing = self.users.pop(key, None)
            if existing is not None and existing[0] is not None:
                self.drop_users.append(existing[0])

    def save(self):
        with bulk_changes(FORUM):
            UserForumPermission.objects.filter(pk__in=self.drop_users).delete()
            GroupForumPermission.objects.filter(pk__in=self.drop_groups).delete()
            UserForumPermission.objects.bulk_create(self.new_users)
            GroupForumPermission.objects.bulk_create(self.new_groups)
            UserForumPermission.objects.filter(pk__in=self.flip_users).update(has_perm=True)
            GroupForumPermission.objects.filter(pk__in=self.flip_groups).update(has_perm=True)


def apply_permissions(categories=()):
    """Grant machina permissions on every forum that has ForumSettings.

    Categories are containers: everyone must see them to reach the forums inside.
    Only missing grants are written, so a second run costs three queries.
    """
    grants = _Grants()
    for category in categories:
        grants.users_of(category, ["can_see_forum", "can_read_forum"], anonymous=True)
        grants.users_of(category, ["can_see_forum", "can_read_forum"], anonymous=False)
    trusted, experts = trusted_group(), experts_group()
    moderator_groups = set(
        Region.objects.exclude(moderators_group=None).values_list("moderators_group_id", flat=True)
    )
    only_moderators = [c for c in MODERATOR if c not in MEMBER]
    for settings in ForumSettings.objects.select_related("forum", "region__moderators_group"):
        forum = settings.forum
        # The rows follow a change of kind both ways: a forum made members-only
        # loses its anonymous rows, one that stops being consultations the experts'.
        if settings.kind != ForumSettings.Kind.MEMBERS:
            grants.users_of(forum, READ, anonymous=True)
        else:
            grants.revoke_users(forum, READ, anonymous=True)
        grants.users_of(forum, MEMBER, anonymous=False)
        grants.group(forum, trusted, TRUSTED)
        if settings.kind == ForumSettings.Kind.CONSULTATIONS:
            grants.group(forum, experts, TRUSTED)
        elif experts.pk != trusted.pk:
            grants.revoke(forum, experts.pk, TRUSTED)
        # Who moderates is its region's moderators, as home.permissions says (the
        # permission handler asks it); the rows follow a change of region, so that
        # machina's own forms agree, and the other regions' moderators lose theirs.
        moderators = settings.region.moderators_group if settings.region else None
        if moderators is not None:
            grants.group(forum, moderators, MODERATOR)
        for group_id in moderator_groups - {getattr(moderators, "pk", None)}:
            grants.revoke(forum, group_id, only_moderators)
    grants.save()
