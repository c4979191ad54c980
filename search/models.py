"""The database backend's index: one narrow row per searchable object, its text beside it.

`SearchEntry` holds what a search filters, counts and shows in a result list:
kind, region, date, visibility (`public`, `forum_id`, `approved`), the topic a
forum post belongs to (results show one per topic) and the target groups as one
JSON list, so a search filters, groups and counts them in the same SQL
statement without a join per facet. The long text lives in `SearchEntryText`,
one row per entry, read only for the snippets of the page of hits shown. The
full-text index itself is per vendor: an FTS5 virtual table `site_search_fts` on
SQLite (lemmatised text, rowid = entry id), the entry's `search_vector` with a GIN
index on PostgreSQL (so a search matches, filters and counts in one table scan),
both created in migrations for their vendor only.

`SearchWord` is the index's own vocabulary (words of what anonymous visitors may
read), the source of «Возможно, вы искали …»; `SynonymGroup` holds the field's
synonyms that editors extend in the admin.
"""

import re

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail.admin.panels import FieldPanel


class SearchEntry(models.Model):
    key = models.CharField(_("ключ"), max_length=64, unique=True)
    kind = models.CharField(_("вид"), max_length=16, db_index=True)
    title = models.CharField(_("заголовок"), max_length=500)
    url = models.CharField(_("адрес"), max_length=1000)
    region_slug = models.CharField(_("регион"), max_length=60, blank=True, db_index=True)
    region_name = models.CharField(_("название региона"), max_length=100, blank=True)
    target_groups = models.JSONField(_("целевые группы"), default=list, blank=True)
    date = models.DateTimeField(_("дата"), null=True, blank=True, db_index=True)
    public = models.BooleanField(_("открыто всем"), default=True)
    forum_id = models.IntegerField(_("форум"), null=True, blank=True, db_index=True)
    approved = models.BooleanField(_("одобрено"), default=True)
    # A forum post's topic: a search shows one result per topic.
    topic_id = models.IntegerField(_("тема форума"), null=True, blank=True)
    # Relevance factor: a section page (home, hub, listing) counts less.
    weight = models.FloatField(_("вес"), default=1.0)
    # PostgreSQL only: the entry's tsvector, matched through a GIN index without a join.
    search_vector = SearchVectorField(null=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("запись поискового индекса")
        verbose_name_plural = _("записи поискового индекса")

    def __str__(self):
        return self.title


class SearchEntryText(models.Model):
    """The searchable text of an entry, read for the snippets of one page of hits."""

    entry = models.OneToOneField(
        SearchEntry, on_delete=models.CASCADE, primary_key=True, related_name="text"
    )
    summary = models.TextField(_("кратко"), blank=True)
    body = models.TextField(_("текст"), blank=True)

    class Meta:
        verbose_name = _("текст записи поискового индекса")
        verbose_name_plural = _("тексты записей поискового индекса")

    def __str__(self):
        return str(self.entry_id)


class SearchWord(models.Model):
    """A word of the index's vocabulary, with the number of documents it is in.

    Only text anonymous visitors may read is counted, so a suggestion never
    reveals a word of a private forum. A rebuild recounts; documents indexed
    one by one afterwards add their new words with a count of one.
    """

    word = models.CharField(_("слово"), max_length=40, primary_key=True)
    documents = models.PositiveIntegerField(_("документов"), default=1)

    class Meta:
        verbose_name = _("слово поискового индекса")
        verbose_name_plural = _("слова поискового индекса")

    def __str__(self):
        return self.word


MAX_SYNONYM_TERMS = 30
MAX_SYNONYM_TERM_LENGTH = 100
TERM_SPLIT_RE = re.compile(r"[\n;]+")


def split_terms(text):
    """The distinct terms of a synonym group, one per line (or separated by «;»)."""
    terms = []
    for part in TERM_SPLIT_RE.split(text or ""):
        term = " ".join(part.split())
        if term and term.lower() not in {known.lower() for known in terms}:
            terms.append(term)
    return terms


class SynonymGroup(models.Model):
    """Words and expressions the site search treats as one: «волонтёр» finds
    «доброволец», «КЦСОН» finds «комплексный центр социального обслуживания».

    Applied when a query is read (search.synonyms), on every backend, so a
    group saved in the admin counts at the next search without a reindex.
    """

    page_cache_area = "search"  # a change retires kept searches (home.page_cache.SEARCH)

    terms = models.TextField(
        _("слова и выражения"),
        help_text=_(
            "По одному слову или выражению в строке, например «волонтёр» и «доброволец». "
            "Любая форма слова подходит: поиск сам приводит слова к начальной форме."
        ),
    )
    comment = models.CharField(_("комментарий"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    panels = [FieldPanel("terms"), FieldPanel("comment")]

    class Meta:
        verbose_name = _("группа синонимов")
        verbose_name_plural = _("синонимы поиска")
        ordering = ["terms"]

    def __str__(self):
        return " ↔ ".join(self.term_list)

    @property
    def term_list(self):
        return split_terms(self.terms)

    def clean(self):
        from .text import words

        terms = self.term_list
        if len(terms) < 2:
            raise ValidationError(
                {"terms": _("Нужно хотя бы два слова или выражения, каждое в своей строке.")}
            )
        if len(terms) > MAX_SYNONYM_TERMS:
            raise ValidationError(
                {
                    "terms": ngettext(
                        "В группе не больше %(count)d слова или выражения.",
                        "В группе не больше %(count)d слов или выражений.",
                        MAX_SYNONYM_TERMS,
                    )
                    % {"count": MAX_SYNONYM_TERMS}
                }
            )
        for term in terms:
            if len(term) > MAX_SYNONYM_TERM_LENGTH:
                raise ValidationError(
                    {
                        "terms": _("«%(term)s…» длиннее %(limit)d символов.")
                        % {"term": term[:30], "limit": MAX_SYNONYM_TERM_LENGTH}
                    }
                )
            if not words(term):
                raise ValidationError(
                    {"terms": _("«%(term)s» не содержит ни одного слова.") % {"term": term}}
                )
        self.terms = "\n".join(terms)
