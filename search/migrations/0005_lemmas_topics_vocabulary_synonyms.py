"""Lemmas instead of stems, one result per forum topic, a vocabulary, synonyms.

The index held Snowball stems (and PostgreSQL vectors of the `russian`
configuration); from now on it holds pymorphy3 lemmas. The old rows would
match lemma queries only by chance, so they are dropped here: rebuild the index
after migrating (`manage.py search_index rebuild`; `make run` does it).
"""

from django.db import migrations, models


def drop_stemmed_index(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "sqlite":
            cursor.execute("DELETE FROM site_search_fts")
        cursor.execute("DELETE FROM site_search_searchentrytext")
        cursor.execute("DELETE FROM site_search_searchentry")


class Migration(migrations.Migration):

    dependencies = [
        ('site_search', '0004_vector_on_entry'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchWord',
            fields=[
                ('word', models.CharField(max_length=40, primary_key=True, serialize=False, verbose_name='слово')),
                ('documents', models.PositiveIntegerField(default=1, verbose_name='документов')),
            ],
            options={
                'verbose_name': 'слово поискового индекса',
                'verbose_name_plural': 'слова поискового индекса',
            },
        ),
        migrations.CreateModel(
            name='SynonymGroup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('terms', models.TextField(help_text='По одному слову или выражению в строке, например «волонтёр» и «доброволец». Любая форма слова подходит: поиск сам приводит слова к начальной форме.', verbose_name='слова и выражения')),
                ('comment', models.CharField(blank=True, max_length=200, verbose_name='комментарий')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='изменено')),
            ],
            options={
                'verbose_name': 'группа синонимов',
                'verbose_name_plural': 'синонимы поиска',
                'ordering': ['terms'],
            },
        ),
        migrations.AddField(
            model_name='searchentry',
            name='topic_id',
            field=models.IntegerField(blank=True, null=True, verbose_name='тема форума'),
        ),
        migrations.AddField(
            model_name='searchentry',
            name='weight',
            field=models.FloatField(default=1.0, verbose_name='вес'),
        ),
        migrations.RunPython(drop_stemmed_index, migrations.RunPython.noop),
    ]
