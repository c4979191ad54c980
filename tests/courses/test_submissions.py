"""Submitting answers: what is stored, and bad input refused in Russian with
nothing stored (late, oversized, wrong type, too many files, double submission)."""

import datetime
import os

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

import pytest

from courses.models import Submission, SubmissionFile
from courses.services import enrol, review

from .conftest import first_module, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolled(course, learner, client):
    enrolment = enrol(course, learner)
    client.force_login(learner)
    return enrolment


def stored_files(settings):
    root = settings.COURSES_PRIVATE_ROOT
    return [os.path.join(d, f) for d, _dirs, files in os.walk(root) for f in files]


def post_answer(client, module, **data):
    return client.post(module.url, data)


def test_learner_submits_text_and_a_file_stored_privately(course, enrolled, client, settings):
    module = first_module(course)
    response = post_answer(client, module, text="Мой ответ", files=[pdf_upload()])
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.status == "submitted" and not submission.is_late
    item = SubmissionFile.objects.get()
    assert item.original_name == "answer.pdf"
    path = item.file.path
    assert path.startswith(str(settings.COURSES_PRIVATE_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    html = client.get(module.url).content.decode()
    assert "на проверке" in html and "answer.pdf" in html
    assert "Отправить ответ" not in html  # no second answer while one is pending


@pytest.mark.parametrize(
    "upload, message",
    [
        (lambda: pdf_upload("virus.exe"), "допускаются только файлы PDF, DOC, DOCX"),
        (lambda: pdf_upload("page.html"), "допускаются только файлы PDF, DOC, DOCX"),
        (lambda: pdf_upload("big.pdf", size=2 * 1024 * 1024 + 10), "слишком большой"),
        (
            lambda: SimpleUploadedFile("report.pdf", b"MZ\x90\x00 a renamed program"),
            "не похож на файл PDF",
        ),
    ],
)
def test_wrong_type_or_oversized_file_is_refused_and_nothing_is_stored(
    course, enrolled, client, settings, upload, message
):
    settings.COURSES_UPLOAD_MAX_SIZE = 2 * 1024 * 1024
    response = post_answer(client, first_module(course), text="Ответ", files=[upload()])
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Submission.objects.exists() and not SubmissionFile.objects.exists()
    assert stored_files(settings) == []


def test_too_many_files_are_refused(course, enrolled, client, settings):
    settings.COURSES_UPLOAD_MAX_FILES = 2
    files = [pdf_upload(f"part-{n}.pdf") for n in range(3)]
    response = post_answer(client, first_module(course), text="Ответ", files=files)
    assert response.status_code == 400
    assert "Можно приложить не больше 2 файлов." in response.content.decode()
    assert not Submission.objects.exists() and stored_files(settings) == []


def test_the_file_limit_reads_in_russian_for_one_file(course, enrolled, client, settings):
    settings.COURSES_UPLOAD_MAX_FILES = 1
    module_url = first_module(course).url
    assert "До 1 файла, каждый не больше" in client.get(module_url).content.decode()
    files = [pdf_upload(f"part-{n}.pdf") for n in range(2)]
    response = post_answer(client, first_module(course), text="Ответ", files=files)
    assert response.status_code == 400
    assert "Можно приложить не больше 1 файла." in response.content.decode()
    settings.COURSES_UPLOAD_MAX_FILES = 3
    assert "До 3 файлов, каждый не больше" in client.get(module_url).content.decode()


def test_empty_answer_is_refused(course, enrolled, client):
    response = post_answer(client, first_module(course), text="   ")
    assert response.status_code == 400
    assert "Напишите ответ или приложите файл." in response.content.decode()
    assert not Submission.objects.exists()


def test_double_submission_is_refused_while_the_first_is_pending(
    course, enrolled, client, settings
):
    module = first_module(course)
    post_answer(client, module, text="Первый ответ")
    # A second form (an old tab, a double click) still posts.
    response = post_answer(client, module, text="Второй ответ", files=[pdf_upload()])
    assert response.status_code == 400
    assert "Предыдущий ответ ещё на проверке" in response.content.decode()
    assert list(Submission.objects.values_list("text", flat=True)) == ["Первый ответ"]
    assert stored_files(settings) == []


def test_an_accepted_assignment_takes_no_new_answer(course, enrolled, client, tutor):
    module = first_module(course)
    post_answer(client, module, text="Ответ")
    review(Submission.objects.get(), tutor, accept=True)
    response = post_answer(client, module, text="Ещё раз")
    assert "Это задание уже принято." in response.content.decode()
    assert Submission.objects.count() == 1


def test_returned_answer_can_be_submitted_again(course, enrolled, client, tutor):
    module = first_module(course)
    post_answer(client, module, text="Черновик")
    review(Submission.objects.get(), tutor, accept=False, comment="Добавьте примеры")
    html = client.get(module.url).content.decode()
    assert "на доработку" in html and "Добавьте примеры" in html
    assert post_answer(client, module, text="Исправленный ответ").status_code == 302
    assert Submission.objects.count() == 2


def test_late_answer_is_marked_late_when_the_course_allows_it(course, enrolled, client):
    module = first_module(course)
    module.assignment_due = timezone.now() - datetime.timedelta(days=1)
    module.save_revision().publish()
    assert post_answer(client, module, text="Поздний ответ").status_code == 302
    assert Submission.objects.get().is_late
    assert "после срока" in client.get(module.url).content.decode()


def test_late_answer_is_refused_when_the_course_says_so(course, enrolled, client, settings):
    course.late_policy = "refuse"
    course.save_revision().publish()
    module = first_module(course)
    module.assignment_due = timezone.now() - datetime.timedelta(days=1)
    module.save_revision().publish()
    response = post_answer(client, module, text="Поздний ответ", files=[pdf_upload()])
    assert response.status_code == 400
    assert "ответы после срока этот курс не принимает" in response.content.decode()
    assert not Submission.objects.exists() and stored_files(settings) == []


def test_final_work_needs_the_leader_who_agreed_it(course, enrolled, client):
    response = client.post(course.url, {"action": "final", "text": "Итоговая работа"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Укажите ФИО руководителя, согласовавшего работу." in html
    assert "Укажите должность руководителя." in html
    assert not Submission.objects.exists()
    response = client.post(
        course.url,
        {
            "action": "final",
            "text": "План развития",
            "agreed_by_name": "Петрова Мария Ивановна",
            "agreed_by_position": "директор КЦСОН",
        },
    )
    assert response.status_code == 302
    final = Submission.objects.get(module__isnull=True)
    assert final.agreed_by_name == "Петрова Мария Ивановна"


def test_learner_is_mailed_in_russian_when_the_answer_is_reviewed(
    course, enrolled, client, tutor, django_capture_on_commit_callbacks
):
    post_answer(client, first_module(course), text="Ответ")
    with django_capture_on_commit_callbacks(execute=True):
        review(Submission.objects.get(), tutor, accept=False, comment="Уточните цифры")
    assert mail.outbox[-1].subject == "Задание возвращено на доработку: Модуль 1"
    assert "Уточните цифры" in mail.outbox[-1].body
    assert mail.outbox[-1].to == [enrolled.user.email]


def test_not_enrolled_member_cannot_submit(course, learner, client):
    client.force_login(learner)
    response = client.post(first_module(course).url, {"text": "Ответ"}, follow=True)
    assert "Сначала запишитесь на курс." in response.content.decode()
    assert not Submission.objects.exists()


def test_a_file_name_over_255_bytes_is_kept_as_its_name_and_stored_under_a_random_one(
    course, enrolled, client, settings
):
    """Issue 17: on main such an answer failed with OSError: File name too long (500)."""
    long_name = "отчёт-" * 40 + ".pdf"
    assert len(long_name.encode()) > 255
    module = first_module(course)
    response = post_answer(client, module, text="Ответ", files=[pdf_upload(long_name)])
    assert response.status_code == 302
    item = SubmissionFile.objects.get()
    assert item.original_name == long_name
    stored = os.path.basename(item.file.name)
    assert len(stored.encode()) < 64 and stored.endswith(".pdf")
    assert "отчёт" not in item.file.name
    assert os.path.isfile(item.file.path)


def test_the_tutor_is_told_of_a_new_answer_and_the_learner_greeted_by_name(
    course, enrolled, client, tutor
):
    module = first_module(course)
    mail.outbox.clear()
    assert post_answer(client, module, text="Мой ответ").status_code == 302
    (letter,) = mail.outbox
    assert letter.to == [tutor.email]
    assert letter.subject == f"Новый ответ на проверку: {module.title}"
    assert "Здравствуйте, Ирина Иванова!" in letter.body
    assert f"Анна Ковалёва отправил(а) ответ «{module.title}» на курсе «{course.title}»" in (
        letter.body
    )
    review_path = f"/admin/course-review/{Submission.objects.get().pk}/"
    assert review_path in letter.body
    client.force_login(tutor)
    assert client.get(review_path).status_code == 200

    review(Submission.objects.get(), tutor, accept=False, comment="Уточните цифры")
    returned = mail.outbox[-1]
    assert returned.subject == f"Задание возвращено на доработку: {module.title}"
    assert returned.body.startswith("Здравствуйте, Анна Ковалёва!")
