# Organisation now lives in the `organisations` app (issue 22). State only: the
# table and the practices' foreign key column stay as they are.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0002_library_facet_indexes"),
        ("organisations", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="successstorypage",
                    name="organisation",
                    field=models.ForeignKey(blank=True, help_text="Кто реализует практику. Если её нет в списке — добавьте в «Организации»", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="practices", to="organisations.organisation", verbose_name="организация"),
                ),
                migrations.DeleteModel(name="Organisation"),
            ],
            database_operations=[],
        ),
    ]
