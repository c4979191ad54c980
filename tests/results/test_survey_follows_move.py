"""A survey belongs to the region of its event or course, wherever that page
now sits (issue 18): moved in the admin to another region's hub, the event takes
its survey along, and the old region's editors no longer read its answers."""

import datetime

from django.urls import reverse
from django.utils import timezone

import pytest

from courses.models import CoursePage
from events.models import EventKind
from results.models import Survey, SurveyQuestion, SurveyResponse
from tests.conftest import make_user
from tests.courses.conftest import build_course
from tests.events.conftest import events_index, make_event  # noqa: F401 - fixture
from tests.events.test_region_move import move

pytestmark = pytest.mark.django_db


def summary_url(survey):
    return reverse("results_admin:survey_summary", args=[survey.pk])


def surveys_url():
    return reverse("wagtailsnippets_results_survey:list")


def make_survey(title, **subject):
    survey = Survey.objects.create(title=title, **subject)
    question = SurveyQuestion.objects.create(survey=survey, text="Польза", kind="text")
    SurveyResponse.objects.create(
        survey=survey,
        user=make_user(f"answered-{survey.pk}"),
        answers={str(question.pk): "Ответ участницы Марии"},
    )
    return survey


@pytest.fixture
def event_survey(regions, events_index):  # noqa: F811
    now = timezone.now()
    event = make_event(
        regions["crimea"].hub,
        title="Конференция с опросом",
        slug="conf-moving",
        kind=EventKind.CONFERENCE,
        start=now - datetime.timedelta(days=3),
        end=now - datetime.timedelta(days=2),
        registration_opens=now - datetime.timedelta(days=30),
    )
    return make_survey("Как прошла конференция?", event=event)


def assert_refused(client, survey):
    response = client.get(summary_url(survey))
    # Wagtail's admin turns a refusal into a redirect to its dashboard with a message.
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert "Ответ участницы Марии" not in response.content.decode()
    assert survey.title not in client.get(surveys_url()).content.decode()


def assert_reads(client, survey):
    response = client.get(summary_url(survey))
    assert response.status_code == 200
    assert "Ответ участницы Марии" in response.content.decode()
    assert survey.title in client.get(surveys_url()).content.decode()


def test_event_moved_to_another_hub_takes_its_survey_along(client, people, regions, event_survey):
    client.force_login(people["crimea"]["editor"])
    assert_reads(client, event_survey)
    client.force_login(people["karelia"]["editor"])
    assert_refused(client, event_survey)

    move(client, event_survey.event, regions["karelia"].hub)

    client.force_login(people["crimea"]["editor"])
    assert_refused(client, event_survey)
    client.force_login(people["karelia"]["editor"])
    assert_reads(client, event_survey)

    move(client, event_survey.event, regions["crimea"].hub)
    client.force_login(people["karelia"]["editor"])
    assert_refused(client, event_survey)
    client.force_login(people["crimea"]["editor"])
    assert_reads(client, event_survey)


def test_course_moved_to_another_hub_takes_its_survey_along(client, people, regions):
    course = build_course(regions["crimea"].hub, slug="course-moving", modules=1, lessons=1)
    survey = make_survey("Как прошёл курс?", course=course)
    client.force_login(people["crimea"]["moderator"])
    assert_reads(client, survey)

    move(client, CoursePage.objects.get(pk=course.pk), regions["karelia"].hub)

    client.force_login(people["crimea"]["moderator"])
    assert_refused(client, survey)
    client.force_login(people["karelia"]["moderator"])
    assert_reads(client, survey)
