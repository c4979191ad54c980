"""The Elasticsearch index: one document type for pages and forum posts.

Analysis: the text fields hold the lemmas Python made (search.text: pymorphy3,
ё folded), split again by the node's standard tokenizer (lemmas are runs of
letters and digits, which it keeps whole; the whitespace tokenizer lives in the
analysis-common module the minimal node lacks). Those are exactly the tokens the
database backend matches, so both backends find the same documents for the
same words, and the analyzer needs nothing beyond the server's core (it runs
on the minimal CI node and on a full production node alike, with no dictionary
files). The node's hunspell filter with the ru_RU dictionary was measured and
left: it keeps «людьми», «людей», «детьми» and «добровольцев» as they are, so
those forms would not find «человек», «ребёнок» or «доброволец».

The lemmatised fields are indexed but left out of the stored `_source`;
`source` keeps the original title/summary/body for display, and matched words
are marked in Python (as on the database backend), so the node never
highlights. `group` is the topic of a forum post (or the document itself):
results are collapsed on it, one per topic. A reply's title (its topic's) is
shown but not matched: the opening post stands for the topic's title.
"""

from django.conf import settings

from elasticsearch.dsl import (
    Boolean,
    Date,
    Document,
    Float,
    Index,
    Integer,
    Keyword,
    Object,
    Text,
)

ANALYZER = "portal_lemmas"


def analysis_settings():
    return {
        "analyzer": {ANALYZER: {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]}}
    }


class SearchDocument(Document):
    """One searchable page or forum post. Text fields hold lemmas."""

    kind = Keyword()
    title = Text(analyzer=ANALYZER)
    summary = Text(analyzer=ANALYZER)
    body = Text(analyzer=ANALYZER)
    url = Keyword(index=False)
    region_slug = Keyword()
    region_name = Keyword(index=False)
    target_groups = Keyword()
    date = Date()
    public = Boolean()
    forum_id = Integer()
    approved = Boolean()
    group = Keyword()
    weight = Float()  # relevance factor: a section page counts less
    source = Object(enabled=False)  # original title/summary/body for display

    @classmethod
    def from_doc(cls, doc):
        return cls(meta={"id": doc.key}, **document_source(doc))


def group_of(doc):
    """What results are collapsed on: a forum post's topic, or the document itself."""
    return f"topic:{doc.topic_id}" if doc.topic_id is not None else doc.key


def document_source(doc):
    """The `_source` of an IndexDoc, as plain JSON-ready data (bulk indexing skips
    building DSL objects: it is several times faster at 100 000 documents)."""
    title, summary, body = doc.lemmas
    return {
        "kind": doc.kind,
        "title": title,
        "summary": summary,
        "body": body,
        "url": doc.url,
        "region_slug": doc.region_slug or None,
        "region_name": doc.region_name or None,
        "target_groups": list(doc.target_groups),
        "date": doc.date.isoformat() if doc.date else None,
        "public": doc.public,
        "forum_id": doc.forum_id,
        "approved": doc.approved,
        "group": group_of(doc),
        "weight": doc.weight,
        "source": {"title": doc.title, "summary": doc.summary, "body": doc.body},
    }


def alias_name():
    return f"{settings.SEARCH_INDEX_PREFIX}-search"


# Indexed for matching, never shown: left out of the stored _source.
SOURCE_EXCLUDES = ["title", "summary", "body"]
# What a result list reads back from a hit.
SOURCE_FIELDS = ["kind", "url", "region_slug", "region_name", "date", "source"]


def new_index(name):
    """An Index object for a fresh versioned index `name` with our mapping."""
    index = Index(name)
    index.settings(
        number_of_shards=1,
        number_of_replicas=0,
        analysis=analysis_settings(),
        max_result_window=10_000,
    )
    index.document(SearchDocument)
    return index


def new_index_body(name):
    """The create-index request body: `new_index` plus the `_source` exclusions."""
    body = new_index(name).to_dict()
    body.setdefault("mappings", {})["_source"] = {"excludes": SOURCE_EXCLUDES}
    return body
