"""The database backend's index: one row per searchable object.

Visibility is stored as fields (`public`, `forum_id`, `approved`), so a search
filters by the forums a user may read in one clause. The full-text part lives
beside this table: an FTS5 virtual table `site_search_fts` on SQLite (stemmed
text, rowid = entry id) or the `search_vector` column with a GIN index on
PostgreSQL, both created in migrations for their vendor only.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    key = models.CharField(_("ключ"), max_length=64, unique=True)
    kind = models.CharField(_("вид"), max_length=16, db_index=True)
    title = models.CharField(_("заголовок"), max_length=500)
    summary = models.TextField(_("кратко"), blank=True)
    body = models.TextField(_("текст"), blank=True)
    url = models.CharField(_("адрес"), max_length=1000)
    region_slug = models.CharField(_("регион"), max_length=60, blank=True, db_index=True)
    region_name = models.CharField(_("название региона"), max_length=100, blank=True)
    date = models.DateTimeField(_("дата"), null=True, blank=True, db_index=True)
    public = models.BooleanField(_("открыто всем"), default=True)
    forum_id = models.IntegerField(_("форум"), null=True, blank=True, db_index=True)
    approved = models.BooleanField(_("одобрено"), default=True)
    search_vector = SearchVectorField(null=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("запись поискового индекса")
        verbose_name_plural = _("записи поискового индекса")

    def __str__(self):
        return self.title


class SearchEntryTargetGroup(models.Model):
    """One target group of an entry (a facet with several values per entry)."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("целевая группа"), max_length=100, db_index=True)

    class Meta:
        unique_together = [("entry", "name")]
        verbose_name = _("целевая группа записи")
        verbose_name_plural = _("целевые группы записей")

    def __str__(self):
        return self.name
