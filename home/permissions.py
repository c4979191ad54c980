"""Who may do what in which region: one answer for every content type.

`can(user, action, obj)` and `allowed(user, action, queryset)` are what views,
admin hooks, the forum and search call; nobody re-checks regions by hand.
An object belongs to a region through a `region` attribute (or `region_id`),
or, for pages, through the region hub it sits under.

Shared lists that pages show (organisations and other snippets) follow the same
rule, plus one: editing one must not change a live page of a region the editor
does not edit (issue 17, item 5). Which pages show an object is read from the
models themselves (a page's foreign keys and many-to-many fields, its inline
rows) and from Wagtail's reference index (snippets chosen in StreamFields), so
a new list needs nothing registered here.
"""

import functools

from django.db.models import Q

from modelcluster.fields import ParentalKey
from wagtail.models import Page, ReferenceIndex

from .models import Region, RegionPage, hub_region_of

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


@functools.cache
def _page_links(model):
    """How pages reach an object of `model`: (page model, lookup) pairs, through a
    page's own foreign key / many-to-many field or through its inline rows."""
    links = []
    for relation in model._meta.related_objects:
        related = relation.related_model
        if issubclass(related, Page):
            links.append((related, relation.field.name))
            continue
        for field in related._meta.get_fields():
            if isinstance(field, ParentalKey) and issubclass(field.related_model, Page):
                lookup = f"{field.remote_field.get_accessor_name()}__{relation.field.name}"
                links.append((field.related_model, lookup))
    return links


def _may_be_shown_on_pages(model):
    from wagtail.snippets.models import get_snippet_models

    return not issubclass(model, Page) and (
        bool(_page_links(model)) or model in get_snippet_models()
    )


def _hub_paths():
    return dict(RegionPage.objects.values_list("path", "region_id"))


def _region_of_path(path, hubs):
    steplen = Page.steplen
    for end in range(len(path), steplen - 1, -steplen):
        region_id = hubs.get(path[:end])
        if region_id is not None:
            return region_id
    return None


def live_page_regions(model, pks):
    """{pk: set of region ids (None outside any hub)} of the live pages that show
    the objects of `model` with these pks."""
    pks = list(pks)
    shown = {pk: set() for pk in pks}
    if not pks:
        return shown
    hubs = None
    for page_model, lookup in _page_links(model):
        rows = (
            page_model.objects.live()
            .filter(**{f"{lookup}__in": pks})
            .values_list(lookup, "path")
            .distinct()
        )
        for pk, path in rows:
            hubs = _hub_paths() if hubs is None else hubs
            shown[pk].add(_region_of_path(path, hubs))
    # Snippets chosen in StreamFields and the like: Wagtail's reference index.
    references = ReferenceIndex.objects.filter(
        to_content_type=ReferenceIndex._get_base_content_type(model),
        to_object_id__in=[str(pk) for pk in pks],
        base_content_type=ReferenceIndex._get_base_content_type(Page),
    ).values_list("to_object_id", "object_id")
    page_ids = {}
    for to_object_id, page_id in references:
        page_ids.setdefault(int(page_id), set()).add(to_object_id)
    if page_ids:
        by_key = {str(pk): pk for pk in pks}
        hubs = _hub_paths() if hubs is None else hubs
        for page_id, path in Page.objects.live().filter(pk__in=page_ids).values_list("pk", "path"):
            for to_object_id in page_ids[page_id]:
                if to_object_id in by_key:
                    shown[by_key[to_object_id]].add(_region_of_path(path, hubs))
    return shown


def foreign_regions_showing(user, obj):
    """Regions (ids, None for pages outside any hub) whose live pages show `obj`
    and which `user` does not edit: an edit there would bypass their moderation."""
    if user.is_superuser or obj.pk is None or not _may_be_shown_on_pages(type(obj)):
        return set()
    editing = user_regions(user)["edit"]
    return live_page_regions(type(obj), [obj.pk])[obj.pk] - editing


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
    if region_id_of(obj) not in wanted:
        return False
    return not foreign_regions_showing(user, obj)


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
    # A model whose region is its parent's names the path: region_field = "parent__region".
    region_field = getattr(queryset.model, "region_field", "region")
    queryset = queryset.filter(Q(**{f"{region_field}_id__in": wanted}))
    if not _may_be_shown_on_pages(queryset.model):
        return queryset
    # Shared lists: drop what a live page of a region the user does not edit shows.
    shown = live_page_regions(queryset.model, queryset.values_list("pk", flat=True))
    blocked = [pk for pk, shown_in in shown.items() if shown_in - regions["edit"]]
    return queryset.exclude(pk__in=blocked)
