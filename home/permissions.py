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

Shared lists that pages show (organisations and other snippets) follow the same
rule, plus one: a change must not alter a live page of a region the person does
not edit (issue 17, item 5). Which pages show an object is read from the models
themselves (a page's foreign keys and many-to-many fields, its inline rows) and
from Wagtail's reference index (snippets chosen in StreamFields), so a new list
needs nothing registered here. An object whose region is its parent's names the
path: `region_field = "parent__region"` (and a `region_id` property); one of
several parents, a tuple of paths (`results.Survey`: its event's or its course's).
"""

import functools

from django.core.exceptions import FieldDoesNotExist
from django.db.models import F, Q
from django.db.models.functions import Coalesce

from modelcluster.fields import ParentalKey
from wagtail.models import Page, ReferenceIndex

from .models import RegionPage, is_regional_page_model, region_of

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
        from .lookups import regions_by_id  # memoised: no query on most pages

        group_ids = set(user.groups.values_list("pk", flat=True))
        for region_id, editors_id, moderators_id in (
            (region.pk, region.editors_group_id, region.moderators_group_id)
            for region in regions_by_id().values()
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


def region_ids_of(model, pks):
    """{pk: region id} of these objects of `model`, by its `region_field` path(s)
    (or its own `region`); None for a model that has no region."""
    region_fields = getattr(model, "region_field", None)
    if region_fields is None:
        try:
            model._meta.get_field("region")
        except FieldDoesNotExist:
            return None
        region_fields = "region"
    if isinstance(region_fields, str):
        region_fields = (region_fields,)
    columns = [f"{field}_id" for field in region_fields]
    region = Coalesce(*columns) if len(columns) > 1 else F(columns[0])
    rows = model._base_manager.filter(pk__in=pks).annotate(_region=region)
    return dict(rows.values_list("pk", "_region"))


def _wanted(user, action):
    """The region ids where `user` may do `action`; None for every region."""
    _check_action(action)
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return None
    return user_regions(user)[action]


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
    """{pk: set of region ids (None: a page of no region)} of the live pages that
    show the objects of `model` with these pks."""
    pks = list(pks)
    shown = {pk: set() for pk in pks}
    if not pks:
        return shown
    hubs = None
    for page_model, lookup in _page_links(model):
        live = page_model.objects.live().filter(**{f"{lookup}__in": pks})
        if is_regional_page_model(page_model):
            # Its stored region follows the tree (home.models.follow_move).
            for pk, region_id in live.values_list(lookup, "region_id").distinct():
                shown[pk].add(region_id)
            continue
        for pk, path in live.values_list(lookup, "path").distinct():
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
        for page in Page.objects.live().filter(pk__in=page_ids).specific(defer=True):
            region = region_of(page)
            for to_object_id in page_ids[page.pk]:
                if to_object_id in by_key:
                    shown[by_key[to_object_id]].add(region.pk if region else None)
    return shown


def foreign_regions_showing(user, obj):
    """Regions (ids; None for pages of no region) whose live pages show `obj` and
    which `user` does not edit: a change there would bypass their moderation."""
    if user.is_superuser or obj.pk is None or not _may_be_shown_on_pages(type(obj)):
        return set()
    editing = user_regions(user)["edit"]
    return live_page_regions(type(obj), [obj.pk])[obj.pk] - editing


def can(user, action, obj):
    wanted = _wanted(user, action)
    if wanted is None:
        return True
    if region_id_of(obj) not in wanted:
        return False
    return not foreign_regions_showing(user, obj)


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
    # A model whose region is its parent's names the path: region_field = "parent__region";
    # one whose region is that of one of several parents names each path (a tuple).
    region_fields = getattr(model, "region_field", "region")
    if isinstance(region_fields, str):
        region_fields = (region_fields,)
    condition = Q(pk__in=[])
    for region_field in region_fields:
        condition |= Q(**{f"{region_field}_id__in": wanted})
    queryset = queryset.filter(condition)
    if not _may_be_shown_on_pages(model):
        return queryset
    # Shared lists: drop what a live page of a region the user does not edit shows.
    editing = user_regions(user)["edit"]
    shown = live_page_regions(model, queryset.values_list("pk", flat=True))
    blocked = [pk for pk, regions in shown.items() if regions - editing]
    return queryset.exclude(pk__in=blocked)
