"""Who may do what in which region: one answer for every content type.

`can(user, action, obj)` and `allowed(user, action, queryset)` are what views,
admin hooks, the forum and search call; nobody re-checks regions by hand.
An object belongs to a region through a `region` attribute (or `region_id`),
or, for pages, through the region hub it sits under.
"""

from django.db.models import Q

from .models import Region, hub_region_of

ACTIONS = ("view", "edit", "publish", "moderate")


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
    region_id = getattr(obj, "region_id", None)
    if region_id is not None:
        return region_id
    region = hub_region_of(obj) if getattr(obj, "path", None) else None
    return region.pk if region else None


def can(user, action, obj):
    _check_action(action)
    if action == "view":
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    regions = user_regions(user)
    wanted = regions["edit"] if action == "edit" else regions["moderate"]
    return region_id_of(obj) in wanted


def allowed(user, action, queryset):
    """Narrow a queryset of regional objects (with a `region` field) to those
    on which `can(user, action, obj)` holds."""
    _check_action(action)
    if action == "view":
        return queryset
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if user.is_superuser:
        return queryset
    regions = user_regions(user)
    wanted = regions["edit"] if action == "edit" else regions["moderate"]
    return queryset.filter(Q(region_id__in=wanted))
