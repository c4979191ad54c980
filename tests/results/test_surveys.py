"""Feedback surveys: the event's participants answer once, others are refused,
organisers see the aggregation; invitations go out once after the event."""

import datetime
import io

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

import pytest

from events.models import EventKind
from results.models import Survey, SurveyQuestion, SurveyResponse
from tests.conftest import make_user
from tests.events.conftest import events_index, make_event  # noqa: F401 - fixture

from .test_attendance import register


@pytest.fixture
def past_event(regions, events_index):  # noqa: F811
    now = timezone.now()
    return make_event(
        regions["crimea"].hub,
        title="Конференция прошлая",
        slug="conf-survey",
        kind=EventKind.CONFERENCE,
        start=now - datetime.timedelta(days=3),
        end=now - datetime.timedelta(days=2),
        registration_opens=now - datetime.timedelta(days=30),
    )


@pytest.fixture
def survey(past_event):
    survey = Survey.objects.create(title="Как прошла конференция?", event=past_event)
    SurveyQuestion.objects.create(survey=survey, text="Польза", kind="scale", sort_order=0)
    SurveyQuestion.objects.create(
        survey=survey, text="Что улучшить?", kind="text", required=False, sort_order=1
    )
    return survey


def answer_data(survey, score, text=""):
    scale, open_ = survey.questions.order_by("sort_order")
    return {f"q{scale.pk}": score, f"q{open_.pk}": text}


def test_participants_answer_once_and_organisers_see_the_average(
    client, survey, people, past_event
):
    url = reverse("results:survey", args=[survey.pk])
    answers = [(5, "Больше практики"), (4, ""), (3, "Дольше")]
    for index, (score, text) in enumerate(answers):
        user = make_user(f"p{index}")
        register(past_event, f"Участник {index}", user.email, user=user, checked_in=False)
        client.force_login(user)
        response = client.post(url, answer_data(survey, score, text))
        assert response.status_code == 302
    # Once only.
    response = client.post(url, answer_data(survey, 1))
    assert response.status_code == 200
    assert "Ваши ответы получены" in response.content.decode()
    assert SurveyResponse.objects.count() == 3

    # Bad input: an out-of-range score, nothing stored.
    newcomer = make_user("p9")
    register(past_event, "Участник 9", newcomer.email, user=newcomer, checked_in=False)
    client.force_login(newcomer)
    response = client.post(url, answer_data(survey, 9))
    assert response.status_code == 400
    assert "Выберите оценку от 1 до 5." in response.content.decode()
    assert SurveyResponse.objects.count() == 3

    # A stranger may not answer.
    client.force_login(make_user("stranger"))
    assert client.post(url, answer_data(survey, 1)).status_code == 403
    assert SurveyResponse.objects.count() == 3

    client.force_login(people["crimea"]["editor"])
    summary = client.get(reverse("results_admin:survey_summary", args=[survey.pk]))
    assert summary.status_code == 200
    scale_result = summary.context["summary"][0][1]
    assert scale_result["mean"] == 4.0
    assert scale_result["distribution"] == [(1, 0), (2, 0), (3, 1), (4, 1), (5, 1)]
    assert summary.context["summary"][1][1]["texts"] == ["Больше практики", "Дольше"]
    client.force_login(people["karelia"]["editor"])
    response = client.get(reverse("results_admin:survey_summary", args=[survey.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def test_invitations_go_once_after_the_event(survey, past_event):
    register(past_event, "Анна", "anna@example.org", checked_in=False)
    register(past_event, "Отменила", "no@example.org", checked_in=False, status="cancelled")
    call_command("send_survey_invitations", stdout=io.StringIO())
    assert [m.to for m in mail.outbox] == [["anna@example.org"]]
    assert survey.get_absolute_url() in mail.outbox[0].body
    call_command("send_survey_invitations", stdout=io.StringIO())
    assert len(mail.outbox) == 1


def test_editor_cannot_attach_a_survey_to_another_regions_event(client, people, past_event):
    client.force_login(people["karelia"]["editor"])
    response = client.post(
        reverse("wagtailsnippets_results_survey:add"),
        {
            "title": "Чужой опрос",
            "event": past_event.pk,
            "course": "",
            "intro": "",
            "questions-TOTAL_FORMS": "1",
            "questions-INITIAL_FORMS": "0",
            "questions-MIN_NUM_FORMS": "1",
            "questions-MAX_NUM_FORMS": "1000",
            "questions-0-text": "Польза",
            "questions-0-kind": "scale",
            "questions-0-required": "on",
            "questions-0-ORDER": "1",
            "questions-0-DELETE": "",
        },
    )
    assert response.status_code == 200
    assert not Survey.objects.filter(title="Чужой опрос").exists()


def test_cabinet_lists_the_surveys_a_member_still_has_to_answer(survey, past_event):
    from results.surveys import open_for

    member = make_user("cabinet")
    assert list(open_for(member)) == []
    register(past_event, "Кабинет", member.email, user=member, checked_in=False)
    assert list(open_for(member)) == [survey]
    SurveyResponse.objects.create(survey=survey, user=member, answers={})
    assert list(open_for(member)) == []
