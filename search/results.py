"""The shape every backend returns: hits, facet counts and pagination."""

import math
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

KIND_LABELS = {
    "practice": _("практика"),
    "material": _("материал"),
    "event": _("событие"),
    "page": _("страница"),
    "topic": _("обсуждение"),
}
FACETS = ("kind", "region", "target_group")
SORTS = ("relevance", "date")
PER_PAGE = 10
# Deep pages are refused by Elasticsearch (from + size <= 10 000); nobody reads them.
MAX_PAGE = 100
# When a query of several words finds fewer documents holding all of them than
# this, documents holding most of them follow («Показаны результаты, где есть
# не все слова»).
FEW_RESULTS = 10
# Ranking: a practice, material or event comes before a section page (the home
# page, a region's hub, a listing) that only mentions the same words in its
# summary and links: a section's relevance counts this much.
SECTION_WEIGHT = 0.5


@dataclass
class SearchRequest:
    """A cleaned query as the backends receive it."""

    query: str
    terms: list  # every lemma the query accepts (for marking matched words)
    words: list  # the query's folded words, stop words removed
    filters: dict
    forum_ids: list
    page: int = 1
    per_page: int = PER_PAGE
    sort: str = "relevance"
    facets: bool = True  # count facets (the benchmark also times without)
    slots: list = field(default_factory=list)  # search.query.Slot: what each word asks
    partial: bool = False  # documents with most, not all, of the slots may match

    @property
    def offset(self):
        return (self.page - 1) * self.per_page


@dataclass
class Hit:
    key: str
    kind: str
    title: str  # safe HTML, matched words in <mark>
    url: str
    region_slug: str
    region_name: str
    date: object
    snippet: str = ""  # safe HTML, matched words in <mark>
    score: float = 0.0
    posts: int = 0  # a forum topic: how many of its posts match (the best is quoted)
    missing: list = field(default_factory=list)  # words of the query it lacks
    texts: tuple = ()  # summary and body as the backend read them (dropped once marked)

    @property
    def kind_label(self):
        return KIND_LABELS.get(self.kind, self.kind)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class SearchResults:
    query: str
    hits: list = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = PER_PAGE
    sort: str = "relevance"
    facets: dict = field(default_factory=lambda: {name: {} for name in FACETS})
    filters: dict = field(default_factory=dict)
    backend: str = "database"
    degraded: bool = False  # Elasticsearch was down; the database answered
    capped: bool = False  # more matches than were counted (SEARCH_MAX_MATCHES); total is the cap
    partial: bool = False  # documents without some of the words are included
    suggestion: str = ""  # «Возможно, вы искали …»
    corrected_from: str = ""  # the query as typed, when the hits are the suggestion's

    @property
    def total_grouped(self):
        """The total with thousands set apart by a no-break space: 10 000."""
        return f"{self.total:,}".replace(",", "\u00a0")

    @property
    def num_pages(self):
        return min(MAX_PAGE, max(1, math.ceil(self.total / self.per_page)))

    @property
    def has_previous(self):
        return self.page > 1

    @property
    def has_next(self):
        return self.page < self.num_pages

    @property
    def previous_page(self):
        return self.page - 1

    @property
    def next_page(self):
        return self.page + 1

    @property
    def page_range(self):
        first = max(1, self.page - 3)
        last = min(self.num_pages, self.page + 3)
        return range(first, last + 1)

    @property
    def start_index(self):
        return (self.page - 1) * self.per_page + 1 if self.hits else 0

    @property
    def end_index(self):
        return self.start_index + len(self.hits) - 1 if self.hits else 0
