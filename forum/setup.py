"""The forum's structure and its permissions, set up idempotently.

machina ships no permissions at all: a fresh forum is invisible to everyone but
superusers. `setup_forums()` creates the forums the programme needs (looked up
by name, so a second run changes nothing) and `apply_permissions()` derives
machina's per-forum UserForumPermission / GroupForumPermission rows from each
forum's ForumSettings (kind + region). Staff may add forums in the Django admin;
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
    for category in (regions_cat, themes_cat):
        _grant_category(category)
    apply_permissions()


def trusted_group():
    return Group.objects.get_or_create(name=TRUSTED_GROUP)[0]


def experts_group():
    return Group.objects.get_or_create(name=EXPERTS_GROUP)[0]


def _perm_ids(codenames):
    return {p.codename: p for p in ForumPermission.objects.filter(codename__in=set(codenames))}


def _grant_users(forum, codenames, anonymous):
    perms = _perm_ids(codenames)
    for codename in codenames:
        UserForumPermission.objects.update_or_create(
            forum=forum,
            permission=perms[codename],
            anonymous_user=anonymous,
            authenticated_user=not anonymous,
            user=None,
            defaults={"has_perm": True},
        )


def _grant_group(forum, group, codenames):
    perms = _perm_ids(codenames)
    for codename in codenames:
        GroupForumPermission.objects.update_or_create(
            forum=forum, permission=perms[codename], group=group, defaults={"has_perm": True}
        )


def _grant_category(category):
    """Categories are containers: everyone must see them to reach the forums inside."""
    _grant_users(category, ["can_see_forum", "can_read_forum"], anonymous=True)
    _grant_users(category, ["can_see_forum", "can_read_forum"], anonymous=False)


def apply_permissions():
    """Grant machina permissions on every forum that has ForumSettings."""
    trusted, experts = trusted_group(), experts_group()
    for settings in ForumSettings.objects.select_related("forum", "region__moderators_group"):
        forum = settings.forum
        if settings.kind != ForumSettings.Kind.MEMBERS:
            _grant_users(forum, READ, anonymous=True)
        _grant_users(forum, MEMBER, anonymous=False)
        _grant_group(forum, trusted, TRUSTED)
        if settings.kind == ForumSettings.Kind.CONSULTATIONS:
            _grant_group(forum, experts, TRUSTED)
        moderators = settings.region.moderators_group if settings.region else None
        if moderators is not None:
            _grant_group(forum, moderators, MODERATOR)
