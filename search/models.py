"""The database backend's index: one narrow row per searchable object, its text beside it.

`SearchEntry` holds what a search filters, counts and shows in a result list:
kind, region, date, visibility (`public`, `forum_id`, `approved`) and the target
groups as one JSON list, so a search filters and counts them in the same SQL
statement without a join per facet. The long text lives in `SearchEntryText`,
one row per entry, read only for the snippets of the page of hits shown. The
full-text index itself is per vendor: an FTS5 virtual table `site_search_fts` on
SQLite (stemmed text, rowid = entry id), the entry's `search_vector` with a GIN
index on PostgreSQL (so a search matches, filters and counts in one table scan),
both created in migrations for their vendor only.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


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
