"""One regional rule, as a table (issue 18): user × action × region × object kind,
with `can()` answering from where the object sits in the tree and `allowed()`
returning exactly the objects `can()` permits — before and after moves in
both directions."""

import itertools

from django.contrib.auth.models import AnonymousUser

import pytest

from courses.models import CoursePage
from events.models import EventPage
from home.models import ContentPage
from home.permissions import ACTIONS, allowed, can
from practices.models import MethodMaterialPage, SuccessStoryPage
from tests.conftest import add_page, make_user
from tests.courses.conftest import build_course
from tests.events.conftest import make_event
from tests.practices.conftest import interregional, library, make_material, make_practice  # noqa: F401

KINDS = {
    "event": EventPage,
    "course": CoursePage,
    "practice": SuccessStoryPage,
    "material": MethodMaterialPage,
    "page": ContentPage,
}


@pytest.fixture
def objects(regions, interregional, library):  # noqa: F811
    """One object of every kind under the Karelia hub and under the Crimea hub."""
    made = {}
    for slug in ("karelia", "crimea"):
        hub = regions[slug].hub
        made[("event", slug)] = make_event(hub, title=f"Событие {slug}", slug=f"event-{slug}")
        made[("course", slug)] = build_course(
            hub, title=f"Курс {slug}", slug=f"course-{slug}", modules=1, lessons=1
        )
        made[("practice", slug)] = make_practice(regions[slug], f"Практика {slug}")
        made[("material", slug)] = make_material(regions[slug], f"Материал {slug}")
        made[("page", slug)] = add_page(hub, f"Страница {slug}", slug=f"page-{slug}")
    return made


@pytest.fixture
def users(people, interregional):  # noqa: F811
    inter = make_user("editor-inter", interregional.editors_group)
    return {
        "editor karelia": (people["karelia"]["editor"], {"edit": {"karelia"}, "moderate": set()}),
        "moderator karelia": (
            people["karelia"]["moderator"],
            {"edit": {"karelia"}, "moderate": {"karelia"}},
        ),
        "editor crimea": (people["crimea"]["editor"], {"edit": {"crimea"}, "moderate": set()}),
        "moderator crimea": (
            people["crimea"]["moderator"],
            {"edit": {"crimea"}, "moderate": {"crimea"}},
        ),
        "interregional editor": (inter, {"edit": set(), "moderate": set()}),
        "superuser": (
            make_user("root", is_superuser=True, is_staff=True),
            {"edit": {"karelia", "crimea"}, "moderate": {"karelia", "crimea"}},
        ),
        "inactive moderator": (
            make_user("gone", people["karelia"]["moderator"].groups.first(), is_active=False),
            {"edit": set(), "moderate": set()},
        ),
        "anonymous": (AnonymousUser(), {"edit": set(), "moderate": set()}),
    }


def check_table(users, objects, where):
    """`where[(kind, name)]`: the region slug each object now sits in."""
    for (label, (user, rights)), action, ((kind, name), obj) in itertools.product(
        users.items(), ACTIONS, objects.items()
    ):
        fresh = KINDS[kind].objects.get(pk=obj.pk)
        expected = where[(kind, name)] in rights[action]
        assert can(user, action, fresh) is expected, (label, action, kind, name)
    for (label, (user, _rights)), action, (kind, model) in itertools.product(
        users.items(), ACTIONS, KINDS.items()
    ):
        mine = {obj.pk for obj in model.objects.all() if can(user, action, obj)}
        assert set(allowed(user, action, model.objects.all()).values_list("pk", flat=True)) == (
            mine
        ), (label, action, kind)
        if hasattr(user, "_portal_regions"):
            del user._portal_regions


@pytest.mark.django_db
def test_region_table_before_and_after_moves_both_ways(users, objects, regions):
    where = {key: key[1] for key in objects}
    check_table(users, objects, where)

    for (kind, name), obj in objects.items():
        if name == "karelia":
            KINDS[kind].objects.get(pk=obj.pk).move(regions["crimea"].hub, pos="last-child")
            where[(kind, name)] = "crimea"
    check_table(users, objects, where)
    assert set(
        EventPage.objects.filter(region=regions["crimea"]).values_list("slug", flat=True)
    ) == {"event-karelia", "event-crimea"}

    for (kind, name), obj in objects.items():
        if name == "karelia":
            KINDS[kind].objects.get(pk=obj.pk).move(regions["karelia"].hub, pos="last-child")
            where[(kind, name)] = "karelia"
    check_table(users, objects, where)


def test_an_unknown_action_is_an_error():
    with pytest.raises(ValueError, match="Unknown action 'view'"):
        can(AnonymousUser(), "view", object())
