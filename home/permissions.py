"""Who may do what in which region: one answer for every content type.

`can(user, action, obj)` and `allowed(user, action, queryset)` are what views,
admin hooks and exports call; nobody re-checks regions by hand. A page belongs
to the region it sits in (`home.models.region_of`: the hub above it, else the
region chosen on it); another object through its `region` field. A regional
page's stored `region` follows the tree (home.models.follow_move), so
`allowed()` filters on it and returns exactly what `can()` permits.

Actions: `edit` (a region's editors and moderators) and `moderate` (its
moderators). Reading is not a regional matter: what visitors may see is
Wagtail's (live, view restrictions) and machina's (forum rights) to decide.
"""

from django.db.models import Q

from wagtail.models import Page

from .models import Region, RegionPage, is_regional_page_model, region_of

ACTIONS = ("edit", "moderate")


def _check_action(action):
    if action not in ACTIONS:
        raise ValueError(f"Unknown action {action!r}; expected one of {ACTIONS}")


def user_regions(user):
    """The ids of regions the user edits and moderates, loaded once per user object."""
    cached = getattr(user, "_portal_regions", None)
    if cached is not None:
        return cached
    editing, moderating = set(), set()
    if user.is_authenticated:
        group_ids = set(user.groups.values_list("pk", flat=True))
        for region_id, editors_id, moderators_id in Region.objects.values_list(
            "pk", "editors_group_id", "moderators_group_id"
        ):
            if moderators_id in group_ids:
                moderating.add(region_id)
                editing.add(region_id)
            elif editors_id in group_ids:
                editing.add(region_id)
    cached = {"edit": frozenset(editing), "moderate": frozenset(moderating)}
    user._portal_regions = cached
    return cached


def region_id_of(obj):
    """The region id an object belongs to, or None for project-wide objects."""
    if isinstance(obj, Page):
        region = region_of(obj)
        return region.pk if region else None
    return getattr(obj, "region_id", None)


def _wanted(user, action):
    """The region ids where `user` may do `action`; None for every region."""
    _check_action(action)
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return None
    return user_regions(user)[action]


def can(user, action, obj):
    wanted = _wanted(user, action)
    return wanted is None or region_id_of(obj) in wanted


def allowed(user, action, queryset):
    """Narrow a queryset of regional objects to those on which
    `can(user, action, obj)` holds."""
    wanted = _wanted(user, action)
    if wanted is None:
        return queryset
    if not wanted:
        return queryset.none()
    model = queryset.model
    if issubclass(model, Page) and not is_regional_page_model(model):
        # A page without a region field of its own: by the hubs it sits under.
        paths = RegionPage.objects.filter(region_id__in=wanted).values_list("path", flat=True)
        condition = Q(pk__in=[])
        for path in paths:
            condition |= Q(path__startswith=path)
        return queryset.filter(condition)
    return queryset.filter(region_id__in=wanted)
