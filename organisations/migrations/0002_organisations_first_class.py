# Organisations become first-class (issue 22): their own table, content type and
# permissions (so regional groups keep their rights), a region taken from the
# practices they run, an address (slug), types, services and target groups.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    old = ContentType.objects.filter(app_label="practices", model="organisation").first()
    if old is None:
        return
    if ContentType.objects.filter(app_label="organisations", model="organisation").exists():
        old.delete()
    else:
        old.app_label = "organisations"
        old.save(update_fields=["app_label"])


_LATIN = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch ' y ' e yu ya".split(),
    )
)


def fill_slugs_and_regions(apps, schema_editor):
    from collections import Counter

    from django.utils.text import slugify

    Organisation = apps.get_model("organisations", "Organisation")
    SuccessStoryPage = apps.get_model("practices", "SuccessStoryPage")
    taken = set()
    for org in Organisation.objects.order_by("pk"):
        spelled = "".join(_LATIN.get(char, char) for char in org.name.lower())
        base = slugify(spelled)[:70].strip("-") or "org"
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        taken.add(slug)
        regions = Counter(
            SuccessStoryPage.objects.filter(organisation_id=org.pk)
            .exclude(region_id=None)
            .values_list("region_id", flat=True)
        )
        org.slug = slug
        org.region_id = regions.most_common(1)[0][0] if regions else None
        org.save(update_fields=["slug", "region"])


class Migration(migrations.Migration):

    dependencies = [
        ('home', '0001_initial'),
        ('organisations', '0001_initial'),
        ('practices', '0003_organisation_moved_to_organisations'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(move_content_type, migrations.RunPython.noop),
        migrations.AlterModelTable(
            name='organisation',
            table=None,
        ),
        migrations.CreateModel(
            name='Membership',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('is_representative', models.BooleanField(default=False, help_text='Заполняет периодические отчёты организации. Назначает модератор региона', verbose_name='представитель организации')),
                ('since', models.DateTimeField(auto_now_add=True, verbose_name='с')),
            ],
            options={
                'verbose_name': 'участник организации',
                'verbose_name_plural': 'участники организаций',
            },
        ),
        migrations.AddField(
            model_name='organisation',
            name='created',
            field=models.DateTimeField(auto_now_add=True, null=True, verbose_name='добавлена'),
        ),
        migrations.AddField(
            model_name='organisation',
            name='description',
            field=models.TextField(blank=True, help_text='Несколько предложений', max_length=2000, verbose_name='об организации'),
        ),
        migrations.AddField(
            model_name='organisation',
            name='is_participant',
            field=models.BooleanField(default=False, help_text='Участники сдают периодические отчёты об услугах и получателях', verbose_name='участник программы'),
        ),
        migrations.AddField(
            model_name='organisation',
            name='proposed_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='предложил(а)'),
        ),
        migrations.AddField(
            model_name='organisation',
            name='region',
            field=models.ForeignKey(blank=True, help_text='Редакторы этого региона ведут карточку организации. Без региона — организация всей программы (её меняют только администраторы)', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='organisations', to='home.region', verbose_name='регион'),
        ),
        migrations.AddField(
            model_name='organisation',
            name='services',
            field=models.ManyToManyField(blank=True, help_text='Какие услуги оказывает: по ним фильтрует каталог', related_name='+', to='practices.servicetype', verbose_name='виды услуг'),
        ),
        migrations.AddField(
            model_name='organisation',
            name='slug',
            field=models.SlugField(blank=True, help_text='Латиницей; если оставить пустым, составится из названия', max_length=80, db_index=False, default='', verbose_name='адрес (slug)'),
        ),
        migrations.AddField(
            model_name='organisation',
            name='status',
            field=models.CharField(choices=[('approved', 'в каталоге'), ('proposed', 'предложена участником, ждёт проверки')], default='approved', help_text='Организации, предложенные участниками, попадают в каталог после проверки', max_length=10, verbose_name='статус'),
        ),
        migrations.AddField(
            model_name='organisation',
            name='target_groups',
            field=models.ManyToManyField(blank=True, help_text='Кому помогает: по ним фильтрует каталог', related_name='+', to='practices.targetgroup', verbose_name='целевые группы'),
        ),
        migrations.AlterField(
            model_name='organisation',
            name='contacts',
            field=models.TextField(blank=True, help_text='Телефон, e-mail, контактное лицо — только то, что организация согласилась публиковать', max_length=1000, verbose_name='контакты для публикации'),
        ),
        migrations.AlterField(
            model_name='organisation',
            name='org_type',
            field=models.CharField(choices=[('sonko', 'СО НКО'), ('gu', 'ГУ'), ('mu', 'МУ'), ('resource', 'Ресурсный центр (акселератор)'), ('authority', 'Орган власти'), ('other', 'Другое')], help_text='СО НКО — некоммерческая организация; ГУ/МУ — государственное или муниципальное учреждение', max_length=12, verbose_name='тип организации'),
        ),
        migrations.RunPython(fill_slugs_and_regions, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='organisation',
            name='slug',
            field=models.SlugField(blank=True, help_text='Латиницей; если оставить пустым, составится из названия', max_length=80, unique=True, verbose_name='адрес (slug)'),
        ),
        migrations.AddIndex(
            model_name='organisation',
            index=models.Index(fields=['status', 'region', 'org_type'], name='org_directory_idx'),
        ),
        migrations.AddField(
            model_name='membership',
            name='organisation',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='organisations.organisation', verbose_name='организация'),
        ),
        migrations.AddField(
            model_name='membership',
            name='user',
            field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='organisation_membership', to=settings.AUTH_USER_MODEL, verbose_name='участник'),
        ),
    ]
