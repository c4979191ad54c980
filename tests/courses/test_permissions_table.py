"""Who may do what, as a table: anonymous / the learner / another learner /
the course's tutor / another course's tutor × view a lesson, submit, see the
learner's answer and file, review it, export the course's results."""

import pytest

from courses.models import Submission, SubmissionFile
from courses.services import enrol, submit
from tests.conftest import make_user

from .conftest import first_lesson, first_module, pdf_upload

pytestmark = pytest.mark.django_db

PEOPLE = ["anonymous", "learner", "other_learner", "not_enrolled", "tutor", "other_tutor"]

# person: (view lesson, submit, see the learner's file, see the answer in the admin, review, export)
TABLE = {
    "anonymous": (False, False, False, False, False, False),
    "not_enrolled": (False, False, False, False, False, False),
    "learner": (True, True, True, False, False, False),
    # enrolled on the same course: learns, but never sees the first learner's answer
    "other_learner": (True, True, False, False, False, False),
    "tutor": (True, False, True, True, True, True),
    "other_tutor": (False, False, False, False, False, False),
}


@pytest.fixture
def world(course, learner, tutor, other_tutor):
    other_learner = make_user("other-learner", first_name="Пётр")
    enrolment = enrol(course, learner)
    enrol(course, other_learner)  # enrolled on the same course, yet not the answer's author
    submission = submit(
        enrolment, first_module(course), text="Секретный ответ", files=[pdf_upload()]
    )
    return {
        "course": course,
        "submission": submission,
        "file": SubmissionFile.objects.get(submission=submission),
        "people": {
            "anonymous": None,
            "learner": learner,
            "other_learner": other_learner,
            "not_enrolled": make_user("passer-by"),
            "tutor": tutor,
            "other_tutor": other_tutor,
        },
    }


def _client_for(client, user):
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("person", PEOPLE)
def test_permission_table(world, client, person, settings):
    expected = dict(
        zip(
            ["lesson", "submit", "file", "admin_answer", "review", "export"],
            TABLE[person],
            strict=True,
        )
    )
    user = world["people"][person]
    client = _client_for(client, user)
    course = world["course"]
    submission = world["submission"]

    # view a lesson
    response = client.get(first_lesson(course).url)
    html = response.content.decode()
    assert response.status_code == 200
    assert ("Текст урока 1.1 о добровольцах." in html) is expected["lesson"]
    assert ("Урок открыт только слушателям курса." in html) is not expected["lesson"]

    # submit an answer to the second module
    module = first_lesson(course).get_parent().get_next_sibling().specific
    before = Submission.objects.count()
    client.post(module.url, {"text": "Ответ"})
    assert (Submission.objects.count() == before + 1) is expected["submit"]
    if expected["submit"]:
        assert Submission.objects.latest("pk").enrolment.user == user

    # the learner's file, by its private URL
    response = client.get(world["file"].get_absolute_url())
    assert (response.status_code == 200) is expected["file"], response.status_code
    if expected["file"]:
        assert b"".join(response.streaming_content).startswith(b"%PDF")

    # the answer in the admin queue and detail
    queue = client.get("/admin/course-review/?status=all")
    detail = client.get(f"/admin/course-review/{submission.pk}/")
    shown = detail.status_code == 200 and "Секретный ответ" in detail.content.decode()
    assert shown is expected["admin_answer"]
    assert ("Секретный ответ" in detail.content.decode()) is expected["admin_answer"]
    if queue.status_code == 200:
        listed = f"/admin/course-review/{submission.pk}/" in queue.content.decode()
        assert listed is expected["admin_answer"]

    # review: return it with a comment
    client.post(
        f"/admin/course-review/{submission.pk}/review/",
        {"decision": "return", "comment": "Доработайте"},
    )
    submission.refresh_from_db()
    assert (submission.status == "returned") is expected["review"]

    # export
    response = client.get(f"/admin/course-review/export/{course.pk}.xlsx")
    exported = response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )
    assert exported is expected["export"]


def test_another_learner_never_sees_the_answer_on_the_pages(world, client):
    client.force_login(world["people"]["other_learner"])
    module = first_module(world["course"])
    html = client.get(module.url).content.decode()
    assert "Секретный ответ" not in html and "answer.pdf" not in html
    html = client.get(world["course"].url).content.decode()
    assert "Секретный ответ" not in html


def test_superuser_sees_every_course_in_the_queue(world, client):
    admin = make_user("boss", is_superuser=True, is_staff=True)
    client.force_login(admin)
    html = client.get("/admin/course-review/").content.decode()
    assert f"/admin/course-review/{world['submission'].pk}/" in html
