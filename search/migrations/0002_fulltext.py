"""The full-text part of the database backend, one per database vendor.

SQLite: an FTS5 virtual table of stemmed text (Python does the Russian
stemming), rowid = SearchEntry.id. PostgreSQL: a GIN index on the tsvector
column filled with the `russian` configuration. Other vendors get neither.
"""

from django.db import migrations


class VendorRunSQL(migrations.RunSQL):
    """RunSQL that runs only on one database vendor."""

    def __init__(self, vendor, *args, **kwargs):
        self.vendor = vendor
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return name, [self.vendor, *args], kwargs

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("site_search", "0001_initial")]

    operations = [
        VendorRunSQL(
            "sqlite",
            sql=(
                "CREATE VIRTUAL TABLE site_search_fts USING fts5("
                "title, summary, body, tokenize = 'unicode61 remove_diacritics 0')"
            ),
            reverse_sql="DROP TABLE site_search_fts",
        ),
        VendorRunSQL(
            "postgresql",
            sql=(
                "CREATE INDEX site_search_entry_vector_gin "
                "ON site_search_searchentry USING gin (search_vector)"
            ),
            reverse_sql="DROP INDEX site_search_entry_vector_gin",
        ),
    ]
