"""PostgreSQL: keep the tsvector on SearchEntry, beside the columns a search filters.

Matching, visibility and facet counts then read one table through its GIN index,
with no join per match; SearchEntryText keeps only the text shown in snippets.
"""

import django.contrib.postgres.search
from django.db import migrations


def copy_vector_forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "UPDATE site_search_searchentry e SET search_vector = t.search_vector "
            "FROM site_search_searchentrytext t WHERE t.entry_id = e.id"
        )
        schema_editor.execute(
            "CREATE INDEX site_search_entry_vector_gin "
            "ON site_search_searchentry USING gin (search_vector)"
        )
        # The target-group filter (`target_groups @> '["семьи"]'`) combines with
        # the full-text match in one bitmap instead of reading every match.
        schema_editor.execute(
            "CREATE INDEX site_search_entry_groups_gin "
            "ON site_search_searchentry USING gin (target_groups jsonb_path_ops)"
        )


def copy_vector_backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS site_search_entry_groups_gin")
        schema_editor.execute("DROP INDEX IF EXISTS site_search_entry_vector_gin")
        schema_editor.execute(
            "UPDATE site_search_searchentrytext t SET search_vector = e.search_vector "
            "FROM site_search_searchentry e WHERE t.entry_id = e.id"
        )
        schema_editor.execute(
            "CREATE INDEX site_search_text_vector_gin "
            "ON site_search_searchentrytext USING gin (search_vector)"
        )


class Migration(migrations.Migration):
    dependencies = [("site_search", "0003_entry_text")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(copy_vector_forward, copy_vector_backward),
        migrations.RemoveField(model_name="searchentrytext", name="search_vector"),
    ]
