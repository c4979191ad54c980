"""A portal with content on every key page, built at two sizes.

`portal` builds the small size; `portal_factory(n)` any size, so a test can
compare a page's SQL queries at two data sizes.
"""

import datetime
import io

from django.core.files.images import ImageFile
from django.utils import timezone

from wagtail.images.models import Image

import pytest
from PIL import Image as PILImage

from forum.setup import trusted_group
from tests.conftest import make_user
from tests.events.conftest import events_index, make_event  # noqa: F401
from tests.forum.conftest import forum_regions, forums, make_topic  # noqa: F401
from tests.practices.conftest import library, make_material, make_practice  # noqa: F401

SMALL = 2
LARGE = 8
TOPIC_POSTS = 50


def make_image(title="Обложка", size=(1600, 900), color=(60, 120, 180)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, "JPEG")
    return Image.objects.create(
        title=title, file=ImageFile(buffer, name=f"{title}.jpg"), width=size[0], height=size[1]
    )


class Portal:
    """The key URLs of a portal filled with `count` items of each kind."""

    def __init__(self, regions, forum_rows):
        self.regions = regions
        self.forums = forum_rows
        self.member = make_user("speed-member", trusted_group(), first_name="Анна Петрова")
        self.other = make_user("speed-other", trusted_group(), first_name="Борис Иванов")
        self.count = 0
        self.practice = self.material = self.event = self.topic = None

    def grow(self, count):
        """Add items until there are `count` of each kind."""
        now = timezone.now()
        cover = make_image()
        region_slugs = ["karelia", "crimea", "spb", "kaliningrad"]
        for number in range(self.count, count):
            region = self.regions[region_slugs[number % 4]]
            self.practice = make_practice(
                region,
                f"Практика поддержки пожилых № {number + 1}",
                targets=("deti", "pozhilye"),
                topics=("наставничество", f"тема-{number}"),
                cover_image=cover,
            )
            self.material = make_material(
                region, f"Методическое пособие № {number + 1}", targets=("deti",)
            )
            self.event = make_event(
                region.hub,
                title=f"Вебинар для добровольцев № {number + 1}",
                slug=f"speed-event-{number + 1}",
                start=now + datetime.timedelta(days=10 + number),
                end=now + datetime.timedelta(days=10 + number, hours=2),
                capacity=20,
            )
            forum = self.forums[["karelia", "crimea", "thematic"][number % 3]]
            make_topic(
                forum,
                self.member,
                subject=f"Вопрос о работе с подопечными № {number + 1}",
                replies=[(self.other, f"Ответ № {number + 1}")],
            )
        if self.topic is None:
            self.topic = make_topic(
                self.forums["karelia"],
                self.member,
                subject="Длинное обсуждение",
                replies=[
                    ((self.member, self.other)[i % 2], f"Сообщение № {i + 2} в обсуждении")
                    for i in range(TOPIC_POSTS - 1)
                ],
            )
        self.count = count
        return self

    def urls(self):
        forum = self.forums["karelia"]
        topic = self.topic
        return {
            "home": "/",
            "region hub": self.regions["karelia"].hub.url,
            "practices": "/practices/",
            "practices filtered": "/practices/?region=karelia&target=deti",
            "practice": self.practice.url,
            "materials": "/materials/",
            "events": "/events/",
            "event": self.event.url,
            "forum index": "/forum/",
            "forum": f"/forum/forum/{forum.slug}-{forum.pk}/",
            "topic of 50 posts": (
                f"/forum/forum/{topic.forum.slug}-{topic.forum.pk}/topic/{topic.slug}-{topic.pk}/"
            ),
            "search": "/search/?q=практика",
        }


KEY_PAGES = [
    "home",
    "region hub",
    "practices",
    "practices filtered",
    "practice",
    "materials",
    "events",
    "event",
    "forum index",
    "forum",
    "topic of 50 posts",
    "search",
]


@pytest.fixture
def portal_factory(regions, library, events_index, forums):  # noqa: F811
    return Portal(regions, forums)


@pytest.fixture
def portal(portal_factory):
    return portal_factory.grow(SMALL)


@pytest.fixture(autouse=True)
def memoised_lookups(settings):
    """Production memoises navigation and other lookups (LOOKUP_CACHE_SECONDS) and
    keeps shared blocks of pages (FRAGMENT_CACHE_SECONDS)."""
    settings.LOOKUP_CACHE_SECONDS = 3600
    settings.FRAGMENT_CACHE_SECONDS = 3600
