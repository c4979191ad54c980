"""Issue 22, item 6: the experts' consultations forum is the programme's (the
interregional section's), so a region's results count the questions its members
asked there (by their profile's region); before, every region showed zero."""

import datetime

from django.urls import reverse
from django.utils import timezone

import pytest
from machina.apps.forum_conversation.models import Post, Topic

from accounts.models import Profile
from forum.setup import experts_group
from tests.conftest import make_user
from tests.forum.conftest import forum_regions, forums  # noqa: F401 - fixtures

from .conftest import periods  # noqa: F401 - fixture
from .test_results_page import table_values

ASKED = "Вопросы экспертам (консультации)"
ANSWERED = "Консультации с ответом эксперта"


@pytest.fixture
def asked(regions, library, periods, forums):  # noqa: F811
    today = timezone.localdate()
    period = [p for p in periods if p.end < today][-1]
    moment = timezone.make_aware(
        datetime.datetime.combine(period.start + datetime.timedelta(days=5), datetime.time(11))
    )
    expert = make_user("expert", experts_group())
    for username, region, answered in (
        ("asker-karelia", "karelia", True),
        ("asker-karelia-2", "karelia", False),
        ("asker-crimea", "crimea", True),
    ):
        asker = make_user(username)
        Profile.objects.create(user=asker, display_name=username, region=regions[region])
        topic = Topic.objects.create(
            forum=forums["consultations"], subject=f"Вопрос {username}", poster=asker,
            type=Topic.TOPIC_POST, status=Topic.TOPIC_UNLOCKED, approved=True,
        )  # fmt: skip
        Post.objects.create(
            topic=topic, poster=asker, subject=topic.subject, content="?", approved=True
        )
        if answered:
            Post.objects.create(
                topic=topic, poster=expert, subject="Re", content="Ответ", approved=True
            )
        Topic.objects.filter(pk=topic.pk).update(created=moment)
    return period


@pytest.mark.parametrize(
    ("region", "questions", "answers"), [("karelia", 2, 1), ("crimea", 1, 1), (None, 3, 2)]
)
def test_regions_count_the_questions_their_members_asked(client, asked, region, questions, answers):
    response = client.get(reverse("results:page"), {"region": region} if region else {})
    assert response.status_code == 200
    html = response.content.decode()
    assert table_values(html, ASKED)[asked.label] == questions
    assert table_values(html, ANSWERED)[asked.label] == answers
