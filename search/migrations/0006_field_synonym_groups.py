"""The field's synonyms to start with, and who may extend them in the admin.

The groups come from the portal's own vocabulary: what the law, the regions'
practices and the forum call the same thing by different names. Editors and
moderators of the interregional section (the programme-wide group) may add,
change and delete groups; regional groups are not given the right, as a group
changes what every region's visitors find. Re-running adds nothing twice.
"""

from django.db import migrations

GROUPS = [
    ("волонтёр\nдоброволец", "135-ФЗ называет их добровольцами, люди — волонтёрами"),
    (
        "добровольчество\nволонтёрство\nдобровольческая деятельность\nволонтёрская деятельность",
        "«добровольчество (волонтёрство)» — так в законе",
    ),
    ("волонтёрский\nдобровольческий", ""),
    (
        "пожилые\nпожилые люди\nлюди старшего поколения\nстаршее поколение\nпенсионеры\n"
        "граждане пожилого возраста",
        "получатели услуг старшего возраста",
    ),
    (
        "серебряные волонтёры\nсеребряные добровольцы\nсеребряное волонтёрство\n"
        "серебряное добровольчество",
        "добровольцы старшего возраста",
    ),
    (
        "СО НКО\nсоциально ориентированная НКО\n"
        "социально ориентированная некоммерческая организация\nнекоммерческая организация\nНКО",
        "",
    ),
    ("ГУ\nгосударственное учреждение\nгосучреждение", ""),
    ("МУ\nмуниципальное учреждение", ""),
    ("ГУ/МУ\nгосударственные и муниципальные учреждения", ""),
    (
        "КЦСОН\nкомплексный центр социального обслуживания\n"
        "комплексный центр социального обслуживания населения",
        "",
    ),
    ("ЦСО\nцентр социального обслуживания", ""),
    ("стажировка\nстажёр\nстажировочная площадка", ""),
    ("соцработник\nсоциальный работник", ""),
    ("соцзащита\nсоциальная защита\nУСЗН\nуправление социальной защиты населения", ""),
    (
        "дети-сироты\nсироты\nдети, оставшиеся без попечения родителей\n"
        "дети без попечения родителей",
        "",
    ),
    ("детский дом\nдетдом\nЦССВ\nцентр содействия семейному воспитанию", ""),
    (
        "выпускники детских домов\nвыпускники интернатов\nпостинтернатное сопровождение",
        "",
    ),
    (
        "дом престарелых\nдом-интернат\nинтернат для пожилых\nпансионат для пожилых",
        "стационарное социальное обслуживание",
    ),
    ("инвалид\nчеловек с инвалидностью\nлюди с инвалидностью", ""),
    (
        "дети-инвалиды\nдети с инвалидностью\nребёнок с инвалидностью\nОВЗ\n"
        "дети с ограниченными возможностями здоровья\nособые дети",
        "",
    ),
    ("маломобильные\nмаломобильные граждане\nлюди с ограниченной подвижностью", ""),
    ("многодетные семьи\nмногодетные\nбольшие семьи", ""),
    ("трудная жизненная ситуация\nТЖС\nкризисная ситуация", ""),
    (
        "семьи в трудной жизненной ситуации\nкризисные семьи\nнеблагополучные семьи",
        "",
    ),
    ("подросток\nнесовершеннолетний\nтинейджер", ""),
    ("наставник\nментор", ""),
    ("наставничество\nменторство\nшефство", ""),
    ("договор\nсоглашение", "договор с добровольцем по 135-ФЗ часто называют соглашением"),
    (
        "135-ФЗ\nзакон о добровольчестве\n"
        "закон о благотворительной деятельности и добровольчестве",
        "",
    ),
    ("152-ФЗ\nзакон о персональных данных\nперсональные данные\nПДн", ""),
    ("возмещение\nкомпенсация\nвозмещать\nкомпенсировать", "возмещение расходов добровольцам"),
    ("вебинар\nонлайн-семинар\nонлайн-встреча\nонлайн-занятие", ""),
    (
        "методичка\nметодические рекомендации\nметодическое пособие\nметодический материал",
        "",
    ),
    ("УМК\nучебно-методический комплекс", ""),
    (
        "ресурсный центр\nресурсный центр добровольчества\nцентр поддержки добровольчества\n"
        "волонтёрский центр\nдобровольческий центр",
        "",
    ),
    ("Санкт-Петербург\nПетербург\nСПб\nПитер", ""),
    ("Калининград\nКалининградская область", ""),
    ("Крым\nРеспублика Крым\nкрымский", ""),
    ("Карелия\nРеспублика Карелия\nкарельский", ""),
    (
        "подопечный\nполучатель услуг\nполучатель социальных услуг\nблагополучатель",
        "",
    ),
    (
        "помощь на дому\nуход на дому\nсоциальное обслуживание на дому\n"
        "надомное обслуживание\nпатронаж",
        "",
    ),
    ("досуг\nдосуговые мероприятия\nсвободное время", ""),
    (
        "привлечение добровольцев\nпривлечь добровольцев\nпривлекать добровольцев\n"
        "набор добровольцев",
        "",
    ),
    ("компьютерная грамотность\nцифровая грамотность\nкомпьютерные курсы", ""),
    ("передышка\nсоциальная передышка\nкратковременный уход", ""),
    ("телефонная поддержка\nобзвон\nтелефонные звонки", ""),
    ("супервизия\nинтервизия\nразбор случаев", ""),
    ("грант\nсубсидия\nгрантовая поддержка", ""),
    ("профориентация\nпрофессиональная ориентация\nвыбор профессии", ""),
]

CODENAMES = ["add_synonymgroup", "change_synonymgroup", "delete_synonymgroup", "view_synonymgroup"]


def add_groups(apps, schema_editor):
    group_model = apps.get_model("site_search", "SynonymGroup")
    known = set(group_model.objects.values_list("terms", flat=True))
    group_model.objects.bulk_create(
        group_model(terms=terms, comment=comment)
        for terms, comment in GROUPS
        if terms not in known
    )


def grant_interregional_editors(apps, schema_editor):
    """Give the programme-wide groups the synonym permissions (when they exist yet).

    Django creates permissions after all migrations ran; these are made here with
    the same codenames and names so the grant can happen now.
    """
    content_type_model = apps.get_model("contenttypes", "ContentType")
    permission_model = apps.get_model("auth", "Permission")
    region_model = apps.get_model("home", "Region")
    content_type, _created = content_type_model.objects.get_or_create(
        app_label="site_search", model="synonymgroup"
    )
    permissions = [
        permission_model.objects.get_or_create(
            content_type=content_type,
            codename=codename,
            defaults={"name": f"Can {codename.split('_')[0]} группа синонимов"},
        )[0]
        for codename in CODENAMES
    ]
    for region in region_model.objects.filter(is_interregional=True):
        for group in (region.editors_group, region.moderators_group):
            if group is not None:
                group.permissions.add(*permissions)


def remove_groups(apps, schema_editor):
    group_model = apps.get_model("site_search", "SynonymGroup")
    group_model.objects.filter(terms__in=[terms for terms, _comment in GROUPS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("site_search", "0005_lemmas_topics_vocabulary_synonyms"),
        ("home", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(add_groups, remove_groups),
        migrations.RunPython(grant_interregional_editors, migrations.RunPython.noop),
    ]
