"""Checking a certificate by typing its number, in any case, and the course
page's invitation to sign up as a link."""

from courses.models import Certificate, Enrolment


def make_certificate(course, learner):
    enrolment = Enrolment.objects.create(course=course, user=learner)
    return Certificate.objects.create(
        enrolment=enrolment, full_name="Анна Ковалёва", course_title=course.title
    )


def test_the_check_page_has_a_form_for_the_number(client, db):
    response = client.get("/courses/certificates/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<form class="certificate-check" method="get" action="/courses/certificates/"' in page
    assert 'name="code"' in page


def test_a_number_typed_in_lower_case_with_spaces_finds_the_certificate(client, course, learner):
    certificate = make_certificate(course, learner)
    typed = " " + certificate.code.lower().replace("-", " ") + " "
    response = client.get("/courses/certificates/", {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/courses/certificates/{certificate.code}/"
    page = client.get(response["Location"]).content.decode()
    assert "Анна Ковалёва" in page and "действителен" in page
    # The address with a lower-case number leads to the same page.
    lower = client.get(f"/courses/certificates/{certificate.code.lower()}/")
    assert lower.status_code == 302
    assert lower["Location"] == f"/courses/certificates/{certificate.code}/"


def test_a_malformed_number_is_explained_in_russian(client, db):
    response = client.get("/courses/certificates/", {"code": "12345"})
    assert response.status_code == 400
    assert "Номер выглядит так: DS-XXXX-XXXX-XXXX" in response.content.decode()


def test_an_unknown_number_offers_the_form_again(client, db):
    response = client.get("/courses/certificates/DS-AAAA-BBBB-CCCC/")
    assert response.status_code == 404
    assert 'name="code"' in response.content.decode()


def test_visitors_are_invited_to_log_in_or_sign_up_by_links(client, course):
    page = client.get(course.url).content.decode()
    assert "войдите</a>" in page
    assert '<a href="/accounts/signup/">зарегистрируйтесь</a>' in page
