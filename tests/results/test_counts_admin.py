"""Issue 22, item 5: «Счётчики портала» in the admin shows a period's practice
views, document downloads and consultations, each person their regions' only."""

import datetime

from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

import pytest
from machina.apps.forum_conversation.models import Post, Topic

from home.models import Region
from results.models import DailyCount
from tests.conftest import make_user
from tests.forum.conftest import forum_regions, forums  # noqa: F401 - fixtures
from tests.organisations.conftest import make_practice
from tests.practices.conftest import make_document

from .conftest import periods  # noqa: F401 - fixture

URL = reverse("results_admin:counts")


@pytest.fixture
def counted(regions, library, periods, forums):  # noqa: F811
    today = timezone.localdate()
    period = [p for p in periods if p.end < today][-1]
    day = period.start + datetime.timedelta(days=10)
    rows = {}
    for slug, views, downloads in (("karelia", 31, 17), ("crimea", 45, 29)):
        practice = make_practice(regions[slug], f"Практика {slug}")
        document = make_document(f"Памятка {slug}")
        document.collection = regions[slug].collection
        document.save()
        DailyCount.objects.create(
            kind=DailyCount.Kind.PRACTICE_VIEW, object_id=practice.pk, day=day, count=views
        )
        DailyCount.objects.create(
            kind=DailyCount.Kind.DOWNLOAD, object_id=document.pk, day=day, count=downloads
        )
        rows[slug] = (practice, document)
    # Outside the period: not counted.
    DailyCount.objects.create(
        kind=DailyCount.Kind.PRACTICE_VIEW,
        object_id=rows["karelia"][0].pk,
        day=period.end + datetime.timedelta(days=1),
        count=1000,
    )
    from forum.setup import experts_group

    asker, expert = make_user("asker"), make_user("expert", experts_group())
    asked = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    topic = Topic.objects.create(
        forum=forums["consultations"], subject="Как оформить договор с добровольцем",
        poster=asker, type=Topic.TOPIC_POST, status=Topic.TOPIC_UNLOCKED, approved=True,
    )  # fmt: skip
    question = Post.objects.create(
        topic=topic, poster=asker, subject=topic.subject, content="Вопрос", approved=True
    )
    answer = Post.objects.create(
        topic=topic, poster=expert, subject="Re", content="Ответ", approved=True
    )
    Post.objects.filter(pk=question.pk).update(created=asked)
    Post.objects.filter(pk=answer.pk).update(created=asked + datetime.timedelta(hours=5))
    Topic.objects.filter(pk=topic.pk).update(created=asked)
    return {"period": period, "rows": rows}


def test_regional_editor_sees_only_their_regions_counts(client, people, counted):
    client.force_login(people["karelia"]["editor"])
    response = client.get(URL, {"period": counted["period"].pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Просмотры практик: 31" in page and "Практика karelia" in page
    assert "Скачивания документов: 17" in page and "Памятка karelia" in page
    assert "Практика crimea" not in page and "Памятка crimea" not in page
    # The consultations forum is the interregional section's.
    assert "Консультации экспертов: 0" in page
    assert "Как оформить договор" not in page


def test_superuser_and_interregional_moderator_see_consultations(client, counted):
    client.force_login(make_user("boss", is_superuser=True, is_staff=True))
    page = client.get(URL, {"period": counted["period"].pk}).content.decode()
    assert "Просмотры практик: 76" in page
    assert "Скачивания документов: 46" in page
    assert "Консультации экспертов: 1" in page
    assert "через 5,0 ч." in page or "через 5.0 ч." in page

    interregional = Region.objects.get(slug="interregional")
    moderator = make_user("mod-inter", interregional.moderators_group)
    moderator.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(moderator)
    page = client.get(URL, {"period": counted["period"].pk}).content.decode()
    assert "Как оформить договор с добровольцем" in page
    assert "Практика karelia" not in page


def test_counts_are_refused_to_an_admin_user_without_regions(client, counted):
    # In the admin (a tutor, say) but editing no region.
    member = make_user("tutor")
    member.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(member)
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
