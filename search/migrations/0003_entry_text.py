"""Move the searchable text out of SearchEntry into SearchEntryText.

The entry table keeps only what a search filters and counts (kind, region,
date, visibility, target groups as a JSON list), so one SQL statement can
count matches and facets over narrow rows. Existing rows are carried over;
on PostgreSQL the GIN index moves to the new table's tsvector.
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models


def copy_forward(apps, schema_editor):
    connection = schema_editor.connection
    vector = "search_vector" if connection.vendor == "postgresql" else "NULL"
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO site_search_searchentrytext (entry_id, summary, body, search_vector) "  # noqa: S608 - constant SQL
            f"SELECT id, summary, body, {vector} FROM site_search_searchentry"
        )
    entry_model = apps.get_model("site_search", "SearchEntry")
    group_model = apps.get_model("site_search", "SearchEntryTargetGroup")
    groups = {}
    for entry_id, name in group_model.objects.order_by("pk").values_list("entry_id", "name"):
        groups.setdefault(entry_id, []).append(name)
    for entry_id, names in groups.items():
        entry_model.objects.filter(pk=entry_id).update(target_groups=names)


def copy_backward(apps, schema_editor):
    connection = schema_editor.connection
    columns = ["summary", "body"]
    if connection.vendor == "postgresql":
        columns.append("search_vector")
    assignments = ", ".join(
        f"{column} = (SELECT t.{column} FROM site_search_searchentrytext t "
        "WHERE t.entry_id = site_search_searchentry.id)"
        for column in columns
    )
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE site_search_searchentry SET {assignments}")  # noqa: S608 - constant SQL
    entry_model = apps.get_model("site_search", "SearchEntry")
    group_model = apps.get_model("site_search", "SearchEntryTargetGroup")
    group_model.objects.bulk_create(
        group_model(entry_id=entry_id, name=name)
        for entry_id, names in entry_model.objects.values_list("pk", "target_groups")
        for name in names or []
    )


def text_index_forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX site_search_text_vector_gin "
            "ON site_search_searchentrytext USING gin (search_vector)"
        )


def text_index_backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS site_search_text_vector_gin")


def entry_index_backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX site_search_entry_vector_gin "
            "ON site_search_searchentry USING gin (search_vector)"
        )


class Migration(migrations.Migration):
    dependencies = [("site_search", "0002_fulltext")]

    operations = [
        migrations.CreateModel(
            name="SearchEntryText",
            fields=[
                (
                    "entry",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="text",
                        serialize=False,
                        to="site_search.searchentry",
                    ),
                ),
                ("summary", models.TextField(blank=True, verbose_name="кратко")),
                ("body", models.TextField(blank=True, verbose_name="текст")),
                (
                    "search_vector",
                    django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
                ),
            ],
            options={
                "verbose_name": "текст записи поискового индекса",
                "verbose_name_plural": "тексты записей поискового индекса",
            },
        ),
        migrations.AddField(
            model_name="searchentry",
            name="target_groups",
            field=models.JSONField(blank=True, default=list, verbose_name="целевые группы"),
        ),
        migrations.RunPython(copy_forward, copy_backward),
        migrations.RunPython(migrations.RunPython.noop, entry_index_backward),
        migrations.RemoveField(model_name="searchentry", name="summary"),
        migrations.RemoveField(model_name="searchentry", name="body"),
        migrations.RemoveField(model_name="searchentry", name="search_vector"),
        migrations.DeleteModel(name="SearchEntryTargetGroup"),
        migrations.RunPython(text_index_forward, text_index_backward),
    ]
