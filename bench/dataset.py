"""A large realistic Russian dataset for the page benchmarks and the load test.

`build(scale)` lays the demo content (`seed_demo`) and then, at scale 1:
5,000 practices, 1,000 materials, 300 events and 50,000 forum posts (one topic
with exactly 50 posts, which the bench measures), plus members who log in
during the load test. Runs in a process where Django is set up (bench
settings); deterministic (fixed random seeds), so two builds of one scale are
alike. Pages are created live without revisions and indexed once at the end
(site search rebuild), forum posts in bulk: a build of scale 1 takes minutes,
not hours.
"""

import datetime
import io
import random
from contextlib import contextmanager
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.text import slugify

from wagtail.rich_text import RichText

from bench.search import FORUM_SUBJECTS, OBJ_INST, TITLES, paragraph, theme

BASE_COUNTS = {"practices": 5000, "materials": 1000, "events": 300, "posts": 50_000}
BIG_TOPIC_POSTS = 50
BIG_TOPIC_SUBJECT = "Большое обсуждение: как мы организовали добровольческую помощь зимой"
MEMBER_PASSWORD = "bench-portal-2026"  # noqa: S105 - documented bench-only password
MEMBER_COUNT = 40
REGION_SLUGS = ["crimea", "karelia", "kaliningrad", "spb", "interregional"]
COLORS = [(28, 110, 140), (46, 125, 50), (120, 72, 160), (179, 84, 30), (11, 92, 138)]
TOPIC_SLUGS = [
    "nastavnichestvo",
    "serebryanoe-volontyorstvo",
    "pomosch-na-domu",
    "dosug",
    "obuchenie-dobrovolcev",
    "profilaktika-odinochestva",
    "soprovozhdenie-semej",
    "reabilitaciya",
]
TOPIC_NAMES = [
    "наставничество",
    "серебряное волонтёрство",
    "помощь на дому",
    "досуг",
    "обучение добровольцев",
    "профилактика одиночества",
    "сопровождение семей",
    "реабилитация",
]


def counts(scale):
    """How many of each kind a scale means (at least one of each)."""
    return {name: max(1, round(number * scale)) for name, number in BASE_COUNTS.items()}


def member_email(number):
    return f"bench-member-{number}@dobro-social.example"


@contextmanager
def quiet_indexing():
    """No per-object search indexing while the bulk is written: one rebuild at the end."""
    from modelsearch import index as model_index
    from modelsearch.signal_handlers import post_delete_signal_handler, post_save_signal_handler

    models = [
        model
        for model in model_index.get_indexed_models()
        if getattr(model, "search_auto_update", True)
    ]
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
        post_delete.disconnect(post_delete_signal_handler, sender=model)
    try:
        yield
    finally:
        for model in models:
            post_save.connect(post_save_signal_handler, sender=model)
            post_delete.connect(post_delete_signal_handler, sender=model)


def is_built(scale):
    """True when the current database already holds this scale's dataset."""
    from machina.apps.forum_conversation.models import Topic

    from practices.models import SuccessStoryPage

    expected = counts(scale)["practices"]
    return (
        SuccessStoryPage.objects.filter(slug__startswith="bench-").count() >= expected
        # The forum is written last: a build stopped half-way is not taken for a whole one.
        and Topic.objects.filter(subject=BIG_TOPIC_SUBJECT).exists()
    )


def build(scale, out=print):
    """Migrate, lay the demo content, then the bulk of this scale."""
    started = timezone.now()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("seed_demo", verbosity=0)
    numbers = counts(scale)
    out(f"Набор данных, масштаб {scale}: {numbers}")
    with quiet_indexing():
        with transaction.atomic():
            images = _images()
            _practices(numbers["practices"], images, out)
        with transaction.atomic():
            _materials(numbers["materials"], out)
        with transaction.atomic():
            _events(numbers["events"], out)
        with transaction.atomic():
            members = _members(out)
            _forum(numbers["posts"], members, out)
    from search import api as search_api

    out("Поисковый индекс: перестройка…")
    search_api.rebuild()
    seconds = (timezone.now() - started).total_seconds()
    out(f"Набор данных готов за {seconds:.0f} с")


def _publish_fields(rng, days_back=1500):
    moment = timezone.now() - datetime.timedelta(
        days=rng.randint(0, days_back), minutes=rng.randint(0, 1440)
    )
    return {"live": True, "first_published_at": moment, "last_published_at": moment}


def _images():
    """A small pool of cover pictures (JPEG 960×540), shared by many practices."""
    from wagtail.images.models import Image

    from PIL import Image as PILImage
    from PIL import ImageDraw

    from home.models import Region

    images = []
    for number in range(20):
        title = f"Обложка для тестов производительности {number + 1}"
        image = Image.objects.filter(title=title).first()
        if image is None:
            rng = random.Random(number)  # noqa: S311 - deterministic artwork
            color = COLORS[number % len(COLORS)]
            picture = PILImage.new("RGB", (960, 540), color)
            draw = ImageDraw.Draw(picture)
            for _ in range(10):
                x, y, r = rng.randrange(960), rng.randrange(540), rng.randrange(30, 160)
                shade = tuple(min(255, c + rng.randrange(20, 90)) for c in color)
                draw.ellipse((x - r, y - r, x + r, y + r), fill=shade)
            buffer = io.BytesIO()
            picture.save(buffer, format="JPEG", quality=80)
            region = Region.objects.filter(slug=REGION_SLUGS[number % 5]).first()
            image = Image(title=title, collection=region.collection)
            image.file = ImageFile(buffer, name=f"bench-cover-{number + 1}.jpg")
            image.save()
        images.append(image)
    return images


def _title(rng, topic):
    return rng.choice(TITLES).format(
        place=topic[3][0], obj=topic[2][0], obj_inst=rng.choice(OBJ_INST)
    )


def _hubs():
    from home.models import Region

    return {region.slug: region.hub for region in Region.objects.filter(slug__in=REGION_SLUGS)}


def _practices(total, images, out):
    from practices.models import (
        Indicator,
        Organisation,
        PracticeIndicatorRow,
        ServiceType,
        Stage,
        SuccessStoryPage,
    )

    hubs = _hubs()
    groups = list(_target_groups())
    services = list(ServiceType.objects.all())
    indicators = list(Indicator.objects.all()[:3])
    organisations = list(Organisation.objects.all())
    stages = [choice for choice, _label in Stage.choices]
    done = SuccessStoryPage.objects.filter(slug__startswith="bench-").count()
    for number in range(done, total):
        rng = random.Random(f"practice-{number}")  # noqa: S311 - deterministic data
        topic = theme(rng)
        region = REGION_SLUGS[number % len(REGION_SLUGS)]
        title = f"{_title(rng, topic)} — практика № {number + 1}"
        start = datetime.date(2018 + rng.randint(0, 7), rng.randint(1, 12), 1)
        page = SuccessStoryPage(
            title=title,
            slug=f"bench-practice-{number + 1}",
            summary=paragraph(rng, 2, 3, topic)[:590],
            organisation=rng.choice(organisations) if organisations else None,
            period_start=start,
            period_end=None if rng.random() < 0.6 else start + datetime.timedelta(days=700),
            stage=rng.choice(stages),
            problem=[("paragraph", RichText(f"<p>{paragraph(rng, 3, 6, topic)}</p>"))],
            solution=[("paragraph", RichText(f"<p>{paragraph(rng, 4, 8, topic)}</p>"))],
            volunteers=[("paragraph", RichText(f"<p>{paragraph(rng, 2, 5, topic)}</p>"))],
            results=[("paragraph", RichText(f"<p>{paragraph(rng, 2, 5, topic)}</p>"))],
            lessons=[("paragraph", RichText(f"<p>{paragraph(rng, 2, 4, topic)}</p>"))],
            cover_image=rng.choice(images) if rng.random() < 0.7 else None,
            cover_alt=f"Иллюстрация к практике «{title}»",
            search_description=title[:160],
            **_publish_fields(rng),
        )
        page.target_groups = rng.sample(groups, rng.randint(1, min(3, len(groups))))
        page.service_types = rng.sample(services, min(len(services), rng.randint(1, 2)))
        page.tags.add(*rng.sample(TOPIC_NAMES, rng.randint(1, 3)))
        volunteers = rng.randrange(8, 90)
        page.indicators = [
            PracticeIndicatorRow(
                indicator=indicator,
                value=Decimal(volunteers * (position + 1) * rng.randint(1, 9)),
                unit=indicator.default_unit,
                period="2025",
            )
            for position, indicator in enumerate(indicators)
        ]
        hubs[region].add_child(instance=page)
        if (number + 1) % 500 == 0:
            out(f"  практики: {number + 1} из {total}")


def _target_groups():
    from practices.models import TargetGroup

    return TargetGroup.objects.all()


def _materials(total, out):
    from wagtail.documents.models import Document

    from practices.models import Audience, MaterialFile, MaterialType, MethodMaterialPage

    hubs = _hubs()
    groups = list(_target_groups())
    documents = list(Document.objects.all()[:20])
    types = [choice for choice, _label in MaterialType.choices]
    audiences = [choice for choice, _label in Audience.choices]
    done = MethodMaterialPage.objects.filter(slug__startswith="bench-").count()
    for number in range(done, total):
        rng = random.Random(f"material-{number}")  # noqa: S311 - deterministic data
        topic = theme(rng)
        title = f"{_title(rng, topic)} — материал № {number + 1}"
        page = MethodMaterialPage(
            title=title,
            slug=f"bench-material-{number + 1}",
            summary=paragraph(rng, 2, 3, topic)[:590],
            material_type=rng.choice(types),
            audience=rng.choice(audiences),
            version=f"v{rng.randint(1, 4)}.{rng.randint(0, 9)}",
            updated=datetime.date(2020 + rng.randint(0, 5), rng.randint(1, 12), 15),
            description=[
                ("paragraph", RichText(f"<p>{paragraph(rng, 3, 8, topic)}</p>")) for _ in range(2)
            ],
            search_description=title[:160],
            **_publish_fields(rng),
        )
        page.target_groups = rng.sample(groups, rng.randint(1, min(2, len(groups))))
        page.tags.add(*rng.sample(TOPIC_NAMES, rng.randint(1, 2)))
        if documents:
            page.files = [MaterialFile(document=rng.choice(documents), title="Полный текст")]
        hubs[REGION_SLUGS[number % len(REGION_SLUGS)]].add_child(instance=page)
        if (number + 1) % 500 == 0:
            out(f"  материалы: {number + 1} из {total}")


def _events(total, out):
    from events.models import EventKind, EventPage

    hubs = _hubs()
    kinds = [choice for choice, _label in EventKind.choices]
    now = timezone.now()
    done = EventPage.objects.filter(slug__startswith="bench-").count()
    for number in range(done, total):
        rng = random.Random(f"event-{number}")  # noqa: S311 - deterministic data
        topic = theme(rng)
        kind = rng.choice(kinds)
        # Two thirds upcoming (so the listing and the registration form have work to do).
        days = rng.randint(3, 300) if number % 3 != 2 else -rng.randint(3, 600)
        start = (now + datetime.timedelta(days=days)).replace(
            hour=rng.choice([10, 11, 14, 15]), minute=0, second=0, microsecond=0
        )
        region = REGION_SLUGS[number % len(REGION_SLUGS)]
        online = kind == EventKind.WEBINAR
        page = EventPage(
            title=f"{_title(rng, topic)} — событие № {number + 1}",
            slug=f"bench-event-{number + 1}",
            kind=kind,
            summary=paragraph(rng, 1, 2, topic)[:500],
            body=[("paragraph", RichText(f"<p>{paragraph(rng, 4, 10, topic)}</p>"))],
            start=start,
            end=start + datetime.timedelta(hours=rng.choice([2, 3, 8])),
            venue_name="" if online else "Комплексный центр социального обслуживания",
            venue_address="" if online else f"ул. Ленина, {rng.randint(1, 120)}",
            online_url=f"https://webinar.dobro-social.example/room/{number + 1}" if online else "",
            organiser_name="Координатор программы",
            organiser_email=f"{region}@dobro-social.example",
            registration_opens=now - datetime.timedelta(days=30),
            capacity=None if rng.random() < 0.5 else rng.choice([20, 50, 150]),
            **_publish_fields(rng, days_back=200),
        )
        hubs[region].add_child(instance=page)
    out(f"  события: {total}")


def _members(out):
    """Members of the trusted forum group who log in during the load test."""
    from accounts.models import Consent, Profile
    from forum.setup import trusted_group
    from home.models import Region

    User = get_user_model()
    group = trusted_group()
    regions = list(Region.objects.filter(slug__in=REGION_SLUGS[:4]))
    password = make_password(MEMBER_PASSWORD)
    first_names = ["Анна", "Мария", "Ольга", "Сергей", "Алексей", "Елена", "Наталья", "Игорь"]
    last_names = ["Иванова", "Петрова", "Смирнова", "Кузнецов", "Попов", "Соколова", "Лебедев"]
    members = []
    for number in range(1, MEMBER_COUNT + 1):
        email = member_email(number)
        user = User.objects.filter(username=email).first()
        if user is None:
            name = f"{first_names[number % 8]} {last_names[number % 7]}"
            user = User.objects.create(
                username=email, email=email, first_name=name, password=password
            )
            Profile.objects.create(
                user=user,
                display_name=name,
                region=regions[number % len(regions)],
                role="volunteer",
                organisation_type="none",
                email_confirmed_at=timezone.now(),
            )
            Consent.objects.create(user=user, kind=Consent.Kind.PERSONAL_DATA, version="2025-09-01")
        user.groups.add(group)
        members.append(user)
    out(f"  участники форума: {len(members)} (пароль {MEMBER_PASSWORD})")
    return members


def _forum(total, members, out):
    from machina.apps.forum.models import Forum
    from machina.apps.forum_conversation.models import Post, Topic

    from forum.markup import render

    forums = list(Forum.objects.filter(type=Forum.FORUM_POST))
    if Topic.objects.filter(subject=BIG_TOPIC_SUBJECT).exists():
        return
    rng = random.Random("forum")  # noqa: S311 - deterministic data
    # The measured topic with exactly BIG_TOPIC_POSTS posts, then topics of 1–19 posts.
    plan = [(BIG_TOPIC_SUBJECT, BIG_TOPIC_POSTS)]
    left = max(0, total - BIG_TOPIC_POSTS)
    while left > 0:
        size = min(left, rng.randint(1, 19))
        plan.append((f"{rng.choice(FORUM_SUBJECTS)} ({len(plan)})", size))
        left -= size
    public = [forum for forum in forums if "Клуб" not in forum.name] or forums
    topics = []
    for index, (subject, _size) in enumerate(plan):
        forum = public[0] if index == 0 else rng.choice(public)
        topics.append(
            Topic(
                forum=forum,
                subject=subject,
                slug=slugify(subject, allow_unicode=True)[:250] or "topic",
                poster=rng.choice(members),
                type=Topic.TOPIC_POST,
                status=Topic.TOPIC_UNLOCKED,
                approved=True,
            )
        )
    Topic.objects.bulk_create(topics, batch_size=500)
    topics = list(Topic.objects.filter(subject__in=[subject for subject, _size in plan]))
    by_subject = {topic.subject: topic for topic in topics}
    batch = []
    written = 0
    for subject, size in plan:
        topic = by_subject[subject]
        theme_ = theme(rng)
        for position in range(size):
            content = paragraph(rng, 1, 5, theme_)
            post = Post(
                topic=topic,
                poster=rng.choice(members),
                subject=subject if position == 0 else f"Re: {subject}",
                content=content,
                approved=True,
            )
            post._content_rendered = render(content)
            batch.append(post)
        if len(batch) >= 2000:
            Post.objects.bulk_create(batch, batch_size=500)
            written += len(batch)
            batch = []
            out(f"  сообщения форума: {written} из {total}")
    Post.objects.bulk_create(batch, batch_size=500)
    _update_trackers(topics, forums)
    out(f"  форум: тем {len(topics)}, сообщений {Post.objects.count()}")


def _update_trackers(topics, forums):
    """Topic and forum counters (posts, first/last post) in a few bulk statements."""
    from django.db.models import Count, Max, Min

    from machina.apps.forum_conversation.models import Post, Topic

    stats = {
        row["topic_id"]: row
        for row in Post.objects.filter(topic__in=topics)
        .values("topic_id")
        .annotate(n=Count("id"), first=Min("id"), last=Max("id"))
    }
    last_dates = dict(
        Post.objects.filter(id__in=[row["last"] for row in stats.values()]).values_list(
            "topic_id", "created"
        )
    )
    for topic in topics:
        row = stats[topic.pk]
        topic.posts_count = row["n"]
        topic.first_post_id = row["first"]
        topic.last_post_id = row["last"]
        topic.last_post_on = last_dates[topic.pk]
    Topic.objects.bulk_update(
        topics, ["posts_count", "first_post", "last_post", "last_post_on"], batch_size=500
    )
    for forum in forums:
        forum.refresh_from_db()
        forum.update_trackers()
