"""Faceted browsing of the library: filters read from the query string, counts
per facet value, sorting and pagination, in a fixed number of SQL queries.

Each facet counts over the items filtered by all the *other* selected facets,
so a visitor sees how many items a click would leave. Values that do not exist
(an unknown region, a misspelt stage, an over-long string) are ignored, never
an error.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.db.models.functions import ExtractYear
from django.http import Http404, QueryDict
from django.utils.translation import gettext_lazy as _

from taggit.models import Tag

from home import lookups
from home.models import Region
from home.page_cache import CONTENT, memoised

from .models import (
    Audience,
    MaterialFile,
    MaterialType,
    MethodMaterialPage,
    OrganisationType,
    Stage,
    SuccessStoryPage,
    TargetGroup,
    newest_first,
)

MAX_VALUE_LENGTH = 100
SLUG_RE = re.compile(r"^[-\w]+$")
SORTS = {
    "new": (_("сначала новые"), None),
    "title": (_("по названию"), ("title", "pk")),
}


@dataclass
class FacetValue:
    value: str
    label: str
    count: int = 0
    selected: bool = False
    url: str = ""


@dataclass
class Facet:
    param: str
    label: str
    values: list = field(default_factory=list)
    selected: str | None = None

    @property
    def selected_label(self):
        for item in self.values:
            if item.selected:
                return item.label
        return ""


class FacetSpec:
    """How one facet reads its value, filters and counts."""

    multi_valued = False

    def __init__(self, param, label, lookup, options=None):
        self.param = param
        self.label = label
        self.lookup = lookup  # the field path to group and filter by
        self.static_options = options

    def filter(self, queryset, value):
        return queryset.filter(**{self.lookup: value})

    def column(self):
        """(name of the grouped column, annotation needed for it or None)."""
        return self.lookup, None


class M2MFacetSpec(FacetSpec):
    """A facet over a many-to-many relation: filtering goes through a subquery
    so that counting over the same relation is not narrowed by the filter's join."""

    multi_valued = True

    def filter(self, queryset, value):
        matching = queryset.model.objects.filter(**{self.lookup: value}).values("pk")
        return queryset.filter(pk__in=matching)


class DateYear(ExtractYear):
    """The year of a DateField. SQLite keeps dates as 'YYYY-MM-DD' text: its first
    four characters are the year, read natively instead of through the Python
    function Django registers for ExtractYear (a call per row counted)."""

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        return f"CAST(SUBSTR({sql}, 1, 4) AS INTEGER)", params


class YearFacetSpec(FacetSpec):
    def filter(self, queryset, value):
        return queryset.filter(**{f"{self.lookup}__year": int(value)})

    def column(self):
        return f"{self.param}_facet", DateYear(self.lookup)


def count_single_valued(queryset, specs, selected):
    """Counts per value of every single-valued facet, in one grouped query.

    The query groups the items (filtered by the many-to-many facets only) by
    every single-valued column at once. Each item falls in exactly one
    combination, so a facet's count for a value is the sum of the combinations
    that have that value and match the selected values of the *other* facets.
    """
    columns, annotations = [], {}
    for spec in specs:
        name, annotation = spec.column()
        columns.append(name)
        if annotation is not None:
            annotations[name] = annotation
    # Single-valued columns are the item's own or reached by foreign keys: the
    # joins never repeat an item, so a plain count is exact (DISTINCT would sort).
    rows = queryset.order_by().annotate(**annotations).values(*columns).annotate(n=Count("pk"))
    counts = {spec.param: defaultdict(int) for spec in specs}
    for row in rows:
        values = {
            spec.param: None if row[column] is None else str(row[column])
            for spec, column in zip(specs, columns, strict=True)
        }
        for spec in specs:
            if values[spec.param] is None:
                continue
            others_match = all(
                values[other.param] == selected[other.param]
                for other in specs
                if other is not spec and other.param in selected
            )
            if others_match:
                counts[spec.param][values[spec.param]] += row["n"]
    return counts


def count_multi_valued(queryset, spec, label_lookup=None):
    """Counts per value of a many-to-many facet (and the values' labels)."""
    fields = [spec.lookup] + ([label_lookup] if label_lookup else [])
    rows = queryset.order_by().values(*fields).annotate(n=Count("pk", distinct=True))
    counts, labels = {}, {}
    for row in rows:
        if row[spec.lookup] is not None:
            counts[row[spec.lookup]] = row["n"]
            if label_lookup:
                labels[row[spec.lookup]] = row[label_lookup]
    return counts, labels


def _choice_options(choices):
    # Labels stay lazy: built at import, they are translated per request (an import
    # made during an English request must not freeze English labels for everyone).
    return dict(choices.choices)


KINDS = {
    "practice": {
        "model": SuccessStoryPage,
        "facets": [
            FacetSpec("region", _("Регион"), "region__slug"),
            M2MFacetSpec("target", _("Целевая группа"), "target_groups__slug"),
            FacetSpec(
                "orgtype",
                _("Тип организации"),
                "organisation__org_type",
                _choice_options(OrganisationType),
            ),
            M2MFacetSpec("topic", _("Тема"), "tags__slug"),
            FacetSpec("stage", _("Стадия"), "stage", _choice_options(Stage)),
            YearFacetSpec("year", _("Год начала"), "period_start"),
        ],
        "prefetch": ["target_groups"],
        "select": ["region", "organisation"],
        # The columns a card shows (practices/includes/practice_card.html).
        "only": [
            "summary",
            "stage",
            "region__name",
            "organisation__name",
            "organisation__org_type",
        ],
        "newest": newest_first(),
    },
    "material": {
        "model": MethodMaterialPage,
        "facets": [
            FacetSpec("region", _("Регион"), "region__slug"),
            M2MFacetSpec("target", _("Целевая группа"), "target_groups__slug"),
            FacetSpec("type", _("Тип материала"), "material_type", _choice_options(MaterialType)),
            FacetSpec("audience", _("Для кого"), "audience", _choice_options(Audience)),
            M2MFacetSpec("topic", _("Тема"), "tags__slug"),
            YearFacetSpec("year", _("Год обновления"), "updated"),
        ],
        "prefetch": [
            "target_groups",
            Prefetch("files", queryset=MaterialFile.objects.select_related("document")),
        ],
        "select": ["region"],
        # The columns a card shows (practices/includes/material_card.html).
        "only": ["summary", "material_type", "updated", "region__name"],
        "newest": newest_first("-updated"),
    },
}


def _raw(request, param):
    value = request.GET.get(param, "")
    if not value or len(value) > MAX_VALUE_LENGTH or not SLUG_RE.match(value):
        return None
    return value


@dataclass
class Listing:
    kind: str
    facets: list
    page: object
    paginator: object
    sort: str
    sorts: list
    total: int
    is_filtered: bool
    selected_region: object
    base_query: str

    @property
    def items(self):
        return self.page.object_list

    def page_url(self, number):
        query = QueryDict(self.base_query, mutable=True)
        if number > 1:
            query["page"] = str(number)
        encoded = query.urlencode()
        return f"?{encoded}" if encoded else "?"

    @property
    def page_links(self):
        """(number, url) of the pages around this one and at both ends; (None, "")
        stands for the gap between them. A listing of 250 pages links to about ten."""
        numbers = self.paginator.get_elided_page_range(self.page.number, on_each_side=2, on_ends=1)
        return [
            (None, "") if number == self.paginator.ELLIPSIS else (number, self.page_url(number))
            for number in numbers
        ]


def _query(selected, sort, **changes):
    query = QueryDict(mutable=True)
    values = dict(selected)
    values.update(changes)
    for param, value in values.items():
        if value:
            query[param] = value
    if sort != "new":
        query["sort"] = sort
    return query.urlencode()


def build_listing(kind, request, per_page):
    """Everything a library index page shows, from the request's query string."""
    config = KINDS[kind]
    model = config["model"]
    base = lookups.public(model.objects.live())

    # Known values of every facet, loaded once: regions, target groups,
    # choices; topics are checked against the tag table only when asked for.
    regions = list(Region.objects.all())
    known = {
        "region": {region.slug: region.name for region in regions},
        "target": {group.slug: group.name for group in TargetGroup.objects.all()},
    }
    selected = {}
    for spec in config["facets"]:
        raw = _raw(request, spec.param)
        if raw is None:
            continue
        if spec.param == "topic":
            tag = Tag.objects.filter(slug=raw).only("name").first()
            if tag:
                known["topic"] = {raw: tag.name}
                selected["topic"] = raw
        elif spec.param == "year":
            if raw.isdigit() and 1900 <= int(raw) <= 2100:
                selected["year"] = raw
        else:
            options = spec.static_options or known.get(spec.param, {})
            if raw in options:
                selected[spec.param] = raw

    sort = request.GET.get("sort", "new")
    if sort not in SORTS:
        sort = "new"

    def filtered(except_param=()):
        """The items narrowed by every selected facet except those named."""
        if isinstance(except_param, str):
            except_param = [except_param]
        queryset = base
        for spec in config["facets"]:
            value = selected.get(spec.param)
            if value and spec.param not in except_param:
                queryset = spec.filter(queryset, value)
        return queryset

    def facet_counts():
        single = [spec for spec in config["facets"] if not spec.multi_valued]
        counts = count_single_valued(
            filtered(except_param=[spec.param for spec in single]), single, selected
        )
        counts = {param: dict(values) for param, values in counts.items()}
        labels = {}
        for spec in config["facets"]:
            if spec.multi_valued:
                label_lookup = "tags__name" if spec.param == "topic" else None
                counts[spec.param], labels[spec.param] = count_multi_valued(
                    filtered(except_param=spec.param), spec, label_lookup
                )
        return counts, labels

    # The counts (the grouped queries over the whole library) change only with the
    # content: computed once per content generation and selection of filters.
    selection = "&".join(f"{param}={value}" for param, value in sorted(selected.items()))
    counts, labels = memoised(f"listing-counts:{kind}:{selection}", facet_counts, CONTENT)

    facets = []
    for spec in config["facets"]:
        facet_counts = counts[spec.param]
        if spec.param == "topic":
            options = dict(labels["topic"])
            options.update(known.get("topic", {}))
            options = dict(sorted(options.items(), key=lambda item: -facet_counts.get(item[0], 0)))
        elif spec.param == "year":
            options = {year: year for year in sorted(facet_counts, reverse=True)}
            if selected.get("year") and selected["year"] not in options:
                options[selected["year"]] = selected["year"]
        else:
            options = spec.static_options or known.get(spec.param, {})
        facet = Facet(param=spec.param, label=spec.label, selected=selected.get(spec.param))
        for value, label in options.items():
            is_selected = selected.get(spec.param) == value
            facet.values.append(
                FacetValue(
                    value=value,
                    label=label,
                    count=facet_counts.get(value, 0),
                    selected=is_selected,
                    url="?"
                    + _query(selected, sort, **{spec.param: None if is_selected else value}),
                )
            )
        facets.append(facet)

    # Every library page sits under a region's hub, so the region counts add up
    # to the number of results: no separate COUNT query.
    region_counts = counts["region"]
    if "region" in selected:
        total = region_counts.get(selected["region"], 0)
    else:
        total = sum(region_counts.values())

    ordering = SORTS[sort][1] or config["newest"]
    results = (
        filtered()
        .select_related(*config["select"])
        .only(*lookups.LINK_FIELDS, *config["only"])
        .prefetch_related(*config["prefetch"])
        .order_by(*ordering)
    )
    paginator = Paginator(results, per_page)
    paginator.count = total  # overrides the cached property: no COUNT(*) query
    raw_page = request.GET.get("page", "1")
    number = int(raw_page) if raw_page.isdigit() and len(raw_page) < 7 else 1
    number = max(number, 1)
    if number > paginator.num_pages:
        raise Http404(_("Такой страницы списка нет"))
    page = paginator.page(number)
    region_by_slug = {region.slug: region for region in regions}
    return Listing(
        kind=kind,
        facets=facets,
        page=page,
        paginator=paginator,
        sort=sort,
        sorts=[
            (key, label, "?" + _query(selected, key), key == sort)
            for key, (label, _order) in SORTS.items()
        ],
        total=paginator.count,
        is_filtered=bool(selected),
        selected_region=region_by_slug.get(selected.get("region")),
        base_query=_query(selected, sort),
    )
