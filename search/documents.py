"""The Elasticsearch index: one document type for pages and forum posts.

Analysis: standard tokenizer → lowercase → stop(_russian_) → hunspell(ru_RU).
It runs on a minimal node (only server core filters) given Debian's hunspell-ru
dictionary in config/hunspell/ru_RU/; `SEARCH_ELASTICSEARCH_ANALYZER = "russian"`
switches to the built-in `russian` analyzer for hosts without the dictionary.
ё is folded to е in Python before indexing and querying (the node's core has no
mapping char filter). The folded text fields are indexed but left out of the
stored `_source`; `source` keeps the original title/summary/body for display,
and matched words are marked in Python (as on the database backend), so the node
never highlights. A second field, `stems`, holds Python's Snowball stems as a
recall safety net for words the dictionary does not know (the same stems the
database backend uses).
"""

from django.conf import settings

from elasticsearch.dsl import (
    Boolean,
    Date,
    Document,
    Index,
    Integer,
    Keyword,
    Object,
    Text,
)

ANALYZER = "portal_ru"


def analysis_settings():
    if getattr(settings, "SEARCH_ELASTICSEARCH_ANALYZER", "hunspell") == "russian":
        return {"analyzer": {ANALYZER: {"type": "russian"}}}
    return {
        "filter": {
            "portal_ru_stop": {"type": "stop", "stopwords": "_russian_"},
            "portal_ru_hunspell": {
                "type": "hunspell",
                "locale": "ru_RU",
                "dedup": True,
            },
        },
        "analyzer": {
            ANALYZER: {
                "type": "custom",
                "tokenizer": "standard",
                "filter": ["lowercase", "portal_ru_stop", "portal_ru_hunspell"],
            }
        },
    }


class SearchDocument(Document):
    """One searchable page or forum post. Text fields hold ё-folded text."""

    kind = Keyword()
    title = Text(analyzer=ANALYZER)
    summary = Text(analyzer=ANALYZER)
    body = Text(analyzer=ANALYZER)
    stems = Text(analyzer="whitespace")
    url = Keyword(index=False)
    region_slug = Keyword()
    region_name = Keyword(index=False)
    target_groups = Keyword()
    date = Date()
    public = Boolean()
    forum_id = Integer()
    approved = Boolean()
    source = Object(enabled=False)  # original title/summary/body for display

    @classmethod
    def from_doc(cls, doc):
        return cls(meta={"id": doc.key}, **document_source(doc))


def _folded(text):
    return (text or "").replace("ё", "е").replace("Ё", "Е")


def document_source(doc):
    """The `_source` of an IndexDoc, as plain JSON-ready data (bulk indexing skips
    building DSL objects: it is several times faster at 100 000 documents)."""
    from .text import stemmed_text

    return {
        "kind": doc.kind,
        "title": _folded(doc.title),
        "summary": _folded(doc.summary),
        "body": _folded(doc.body),
        "stems": " ".join(
            part
            for part in (stemmed_text(doc.title), stemmed_text(doc.summary), stemmed_text(doc.body))
            if part
        ),
        "url": doc.url,
        "region_slug": doc.region_slug or None,
        "region_name": doc.region_name or None,
        "target_groups": list(doc.target_groups),
        "date": doc.date.isoformat() if doc.date else None,
        "public": doc.public,
        "forum_id": doc.forum_id,
        "approved": doc.approved,
        "source": {"title": doc.title, "summary": doc.summary, "body": doc.body},
    }


def alias_name():
    return f"{settings.SEARCH_INDEX_PREFIX}-search"


# Indexed for matching, never shown: left out of the stored _source.
SOURCE_EXCLUDES = ["title", "summary", "body", "stems"]
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
