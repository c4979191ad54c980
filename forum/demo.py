"""Demo content of the forum: members in each region, experts, topics and
replies in Russian, a solved consultation and a report waiting for a moderator.

Called by `manage.py seed_demo` after home's demo (regions, moderators).
Everything is looked up by natural keys (username, forum name, topic subject),
so a second run changes nothing.
"""

import io
import zlib
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from machina.apps.forum.models import Forum
from machina.apps.forum_conversation.models import Post, Topic
from PIL import Image as PILImage
from PIL import ImageDraw

from accounts.demo import demo_member
from accounts.models import Profile
from forum_extras.models import PostReport, TopicSolution
from home.models import Region
from home.page_cache import FORUM, bulk_changes

from .demo_topics import MORE_MEMBERS, MORE_TOPICS
from .services import notifications_paused
from .setup import CONSULTATIONS, MEMBERS_ONLY, experts_group, setup_forums, trusted_group

MEMBERS = [
    # username, name, region, role, organisation type, organisation
    ("member-crimea", "Оксана Руденко", "crimea", "ngo_specialist", "ngo",
     "АНО «Тёплый дом», Симферополь"),
    ("member-crimea-2", "Денис Ткаченко", "crimea", "volunteer", "none", ""),
    ("member-karelia", "Светлана Ахонен", "karelia", "state_specialist", "state",
     "КЦСОН Петрозаводска"),
    ("member-karelia-2", "Иван Пелтонен", "karelia", "volunteer", "none", ""),
    ("member-kaliningrad", "Юлия Кравец", "kaliningrad", "ngo_specialist", "ngo",
     "Фонд «Балтийский берег»"),
    ("member-spb", "Кирилл Смирнов", "spb", "state_specialist", "state",
     "СПб ГБУ «КЦСОН Невского района»"),
    ("expert-law", "Нина Аркадьевна Белова", "spb", "expert", "other",
     "Юрист, эксперт программы"),
    ("expert-psy", "Георгий Лазарев", "karelia", "expert", "other",
     "Психолог, эксперт программы"),
]  # fmt: skip

# forum name → [(subject, [(author, text), ...]), ...]
TOPICS = {
    "Республика Крым": [
        ("Как организовать доставку продуктов пожилым в Евпатории", [
            ("member-crimea", "Коллеги, в этом году к нам обратились 40 одиноких пожилых "
             "людей из частного сектора. Как вы распределяете маршруты между "
             "добровольцами и ведёте учёт заявок?"),
            ("member-crimea-2", "Мы делим город на пять зон, у каждой — старший "
             "доброволец. Заявки собираем по телефону в КЦСОН, а таблицу ведём "
             "в общем документе."),
        ]),
    ],
    "Республика Карелия": [
        ("Помощь с дровами в отдалённых посёлках", [
            ("member-karelia", "Зимой самые частые просьбы — наколоть и занести дрова. "
             "Как вы оформляете такие выезды добровольцев, чтобы соблюсти технику "
             "безопасности?"),
            ("member-karelia-2", "Проводим инструктаж под подпись и выезжаем только "
             "группой не меньше трёх человек, с сотрудником центра."),
        ]),
    ],
    "Калининградская область": [
        ("Наставничество для выпускников детских домов", [
            ("member-kaliningrad", "Запускаем программу наставничества на 15 пар. "
             "Поделитесь, пожалуйста, анкетой для отбора наставников."),
        ]),
    ],
    "Санкт-Петербург": [
        ("Стажировка в районном центре: что посмотреть за три дня", [
            ("member-spb", "Весной принимаем стажёров из Крыма и Карелии. Составили "
             "программу: отделение дневного пребывания, социальная гостиница, "
             "пункт проката средств реабилитации. Что добавить?"),
            ("member-kaliningrad", "Обязательно покажите, как у вас устроена служба "
             "«социального такси», — у нас её только начинают."),
        ]),
    ],
    "Услуги людям старшего поколения": [
        ("«Серебряные» добровольцы: как удержать после первого года", [
            ("member-karelia", "Добровольцы старшего возраста охотно приходят, но к "
             "концу года половина уходит. Что помогает вам их удержать?"),
            ("member-spb", "У нас работают клубы по интересам и ежеквартальные встречи "
             "с благодарственными письмами от администрации района."),
            ("member-crimea", "Спасибо, попробуем клубы — хорошая идея."),
        ]),
    ],
    "Нормативная база и типовые формы": [
        ("Договор с добровольцем: обязателен ли он", [
            ("member-crimea-2", "Подскажите, нужно ли заключать письменный договор с "
             "каждым добровольцем, если он помогает разово?"),
            ("member-karelia", "Закон не требует договора для разовой помощи: "
             "договор заключают, когда доброволец работает регулярно или ему "
             "возмещают расходы. Для разовых акций мы ведём список участников с "
             "подписью о прохождении инструктажа. Образец договора есть в "
             "библиотеке: «Типовое соглашение с добровольцем (волонтёром)»."),
        ]),
    ],
    MEMBERS_ONLY: [
        ("Итоги года программы — обсуждаем до публикации", [
            ("member-spb", "Коллеги, черновик отчёта за год лежит у координаторов. "
             "Давайте соберём здесь замечания до конца месяца."),
            ("member-kaliningrad", "В разделе о наставничестве предлагаю указать не "
             "только число пар, но и сколько из них встречаются регулярно."),
        ]),
    ],
}  # fmt: skip

CONSULTATION = (
    "Можно ли возмещать добровольцам расходы на проезд",
    [
        ("member-karelia", "Наши добровольцы ездят к подопечным на автобусе за свой счёт. "
         "Может ли учреждение возмещать им проезд и как это оформить?"),
        ("expert-law", "Да, может. Статья 17.1 закона № 135-ФЗ позволяет возмещать "
         "добровольцам расходы, связанные с их деятельностью, если это предусмотрено "
         "гражданско-правовым договором. Приложите к договору порядок возмещения и "
         "собирайте билеты или отчёт о поездках."),
        ("member-karelia-2", "Спасибо! Пойдём с этим к юристу учреждения."),
    ],
)  # fmt: skip

REPORTED = ("member-crimea-2", "Продаю б/у инвалидные коляски недорого, пишите в личку!!!")


def _member(username, name, region_slug, role, org_type, organisation):
    user = demo_member(username, name, region_slug, role, org_type, organisation)
    user.groups.add(trusted_group())
    if role == "expert":
        user.groups.add(experts_group())
        profile = Profile.objects.get(user=user)
        if not profile.avatar:
            profile.avatar.save(f"member-{user.pk}.jpg", _avatar(name), save=True)
    return user


def _avatar(name):
    """A 256×256 picture with the member's initials, drawn locally with Pillow."""
    picture = PILImage.new("RGB", (256, 256), (11, 92, 138))
    draw = ImageDraw.Draw(picture)
    initials = "".join(part[0] for part in name.split()[:2])
    draw.text((128, 128), initials, fill=(255, 255, 255), font_size=110, anchor="mm")
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=85)
    return ContentFile(buffer.getvalue())


def _topic(forum, subject, posts, users):
    topic = Topic.objects.filter(forum=forum, subject=subject).first()
    if topic is not None:
        return topic, False
    first_author, first_text = posts[0]
    topic = Topic.objects.create(
        forum=forum, subject=subject, poster=users[first_author], type=Topic.TOPIC_POST,
        status=Topic.TOPIC_UNLOCKED, approved=True,
        views_count=30 + 12 * len(posts) + zlib.crc32(subject.encode()) % 50,
    )  # fmt: skip
    for index, (author, text) in enumerate(posts):
        Post.objects.create(
            topic=topic,
            poster=users[author],
            subject=subject if index == 0 else f"Re: {subject}",
            content=text,
            approved=True,
        )
    return topic, True


def _dated_topic(forum, subject, days_ago, posts, users):
    """A topic opened `days_ago` days ago, its replies the given hours later, and
    the views a topic of that age and length would have gathered."""
    topic, created = _topic(forum, subject, [(author, text) for author, _h, text in posts], users)
    if not created:
        return False
    opened = timezone.now() - timedelta(days=days_ago)
    views = 20 + 15 * len(posts) + 2 * min(days_ago, 90) + zlib.crc32(subject.encode()) % 40
    with bulk_changes(FORUM):  # the forum pages show these dates and counts
        for post, (_author, hours, _text) in zip(topic.posts.order_by("pk"), posts, strict=True):
            moment = opened + timedelta(hours=hours)
            Post.objects.filter(pk=post.pk).update(created=moment, updated=moment)
        Topic.objects.filter(pk=topic.pk).update(
            created=opened,
            updated=opened + timedelta(hours=posts[-1][1]),
            last_post_on=opened + timedelta(hours=posts[-1][1]),
            views_count=views,
        )
    return True


def seed(command):
    with notifications_paused():
        _seed(command.stdout)


def _seed(out):
    setup_forums()
    out.write("Форумы и права доступа: готово")
    users = {row[0]: _member(*row) for row in MEMBERS + MORE_MEMBERS}
    for region in Region.objects.all():
        moderator = get_user_model().objects.filter(username=f"moderator-{region.slug}").first()
        if moderator is not None:
            users[moderator.username] = moderator
            moderator.groups.add(trusted_group())
    created = 0
    for forum_name, topics in TOPICS.items():
        forum = Forum.objects.get(name=forum_name)
        for subject, posts in topics:
            created += _topic(forum, subject, posts, users)[1]
    for forum_name, topics in MORE_TOPICS.items():
        forum = Forum.objects.get(name=forum_name)
        dated = sum(_dated_topic(forum, *topic, users) for topic in topics)
        if dated:
            forum.update_trackers()  # its last post as the dates now say
        created += dated
    consultations = Forum.objects.get(name=CONSULTATIONS)
    topic, new = _topic(consultations, *CONSULTATION, users)
    created += new
    answer = topic.posts.filter(poster=users["expert-law"]).first()
    if answer is not None:
        TopicSolution.objects.get_or_create(
            topic=topic, defaults={"post": answer, "marked_by": users["member-karelia"]}
        )
    crimea_forum = Forum.objects.get(name="Республика Крым")
    thread = Topic.objects.get(forum=crimea_forum, subject=TOPICS["Республика Крым"][0][0])
    spam = thread.posts.filter(content=REPORTED[1]).first()
    if spam is None:
        spam = Post.objects.create(
            topic=thread, poster=users[REPORTED[0]], subject=f"Re: {thread.subject}",
            content=REPORTED[1], approved=True,
        )  # fmt: skip
    PostReport.objects.get_or_create(
        post=spam,
        defaults={
            "reporter": users["member-crimea"],
            "reason": "Реклама, к теме не относится.",
        },
    )
    out.write(f"Темы форума: создано {created}")
