"""Certificates: issued when every required assignment and the final work are
accepted; a PDF in Russian for the learner; a public verification page showing
name, course and date only; a forged code gets a Russian 404 page."""

import io

from django.core import mail

import pytest
from pypdf import PdfReader

from courses.models import Certificate, CourseModulePage, Submission
from courses.services import enrol, review, submit
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def _final(enrolment):
    return submit(
        enrolment,
        None,
        text="План развития добровольчества",
        agreed_by_name="Петрова Мария Ивановна",
        agreed_by_position="директор",
    )


@pytest.fixture
def graduate(course, learner, tutor, django_capture_on_commit_callbacks):
    """The learner with every assignment and the final work accepted."""
    enrolment = enrol(course, learner)
    with django_capture_on_commit_callbacks(execute=True):
        for module in CourseModulePage.objects.child_of(course):
            review(submit(enrolment, module, text="Ответ"), tutor, accept=True)
        review(_final(enrolment), tutor, accept=True)
    return enrolment


def test_no_certificate_until_the_final_work_is_accepted(course, learner, tutor):
    enrolment = enrol(course, learner)
    for module in CourseModulePage.objects.child_of(course):
        review(submit(enrolment, module, text="Ответ"), tutor, accept=True)
    assert not Certificate.objects.exists()
    final = _final(enrolment)
    review(final, tutor, accept=False, comment="Согласуйте сроки")
    assert not Certificate.objects.exists()


def test_optional_assignments_are_not_needed_for_the_certificate(course, learner, tutor):
    second = CourseModulePage.objects.child_of(course).order_by("path").last()
    second.assignment_required = False
    second.save_revision().publish()
    enrolment = enrol(course, learner)
    first = CourseModulePage.objects.child_of(course).order_by("path").first()
    review(submit(enrolment, first, text="Ответ"), tutor, accept=True)
    review(_final(enrolment), tutor, accept=True)
    assert Certificate.objects.filter(enrolment=enrolment).count() == 1


def test_certificate_is_issued_with_a_unique_code_and_mailed(graduate):
    certificate = Certificate.objects.get(enrolment=graduate)
    assert certificate.full_name == "Анна Ковалёва"
    assert len(certificate.code) == 17 and certificate.code.startswith("DS-")
    assert any(
        message.subject.startswith("Сертификат о прохождении курса") for message in mail.outbox
    )


def test_learner_downloads_a_russian_pdf_certificate(graduate, course, client):
    certificate = Certificate.objects.get()
    client.force_login(graduate.user)
    html = client.get(course.url).content.decode()
    assert "Скачать сертификат (PDF)" in html and certificate.code in html
    response = client.get(certificate.pdf_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    flat = " ".join(text.split())
    assert "СЕРТИФИКАТ" in flat
    assert "Анна Ковалёва" in flat
    assert course.title in flat
    assert certificate.code in flat


def test_other_people_cannot_download_the_pdf(graduate, client, other_tutor):
    certificate = Certificate.objects.get()
    assert client.get(certificate.pdf_url()).status_code == 302  # to the login page
    client.force_login(make_user("stranger"))
    response = client.get(certificate.pdf_url())
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")
    client.force_login(other_tutor)
    assert client.get(certificate.pdf_url()).status_code == 404


def test_public_verification_page_shows_name_course_and_date_only(graduate, client):
    certificate = Certificate.objects.get()
    response = client.get(f"/courses/certificates/{certificate.code}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "действителен" in html
    assert "Анна Ковалёва" in html and certificate.course_title in html
    assert graduate.user.email not in html
    assert "Ответ" not in html and "Петрова" not in html


@pytest.mark.parametrize("code", ["DS-AAAA-BBBB-CCCC", "DS-1234", "<script>", "ds-aaaa-bbbb-cccc"])
def test_forged_certificate_code_gets_a_russian_404_page(graduate, client, code):
    response = client.get(f"/courses/certificates/{code}/", follow=True)
    # A number typed in lower case is first written as printed (DS-…), then looked up.
    if code == "ds-aaaa-bbbb-cccc":
        assert response.redirect_chain == [(f"/courses/certificates/{code.upper()}/", 302)]
    assert response.status_code == 404
    html = response.content.decode()
    assert "Сертификат не найден" in html
    if code == "<script>":
        assert "«&lt;script&gt;»" in html
    assert client.get(f"/courses/certificates/{code}/pdf/").status_code == 404
    assert Submission.objects.filter(status="accepted").exists()  # nothing changed
