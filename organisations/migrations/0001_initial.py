# The Organisation model moves here from `practices` (issue 22): this migration
# only takes over the model state; the table stays where it is until 0002.

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("practices", "0002_library_facet_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Organisation",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(help_text="Полное или общепринятое сокращённое название организации", max_length=255, unique=True, verbose_name="название")),
                        ("org_type", models.CharField(choices=[("sonko", "СО НКО"), ("gu", "ГУ"), ("mu", "МУ")], help_text="СО НКО — некоммерческая организация; ГУ/МУ — государственное или муниципальное учреждение", max_length=8, verbose_name="тип организации")),
                        ("city", models.CharField(blank=True, help_text="Населённый пункт, где она работает", max_length=120, verbose_name="город")),
                        ("website", models.URLField(blank=True, help_text="Адрес сайта вместе с https://", verbose_name="сайт")),
                        ("contacts", models.TextField(blank=True, help_text="Телефон, e-mail, контактное лицо — то, что можно публиковать", max_length=1000, verbose_name="контакты")),
                    ],
                    options={
                        "verbose_name": "организация",
                        "verbose_name_plural": "организации",
                        "ordering": ["name"],
                        "db_table": "practices_organisation",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
