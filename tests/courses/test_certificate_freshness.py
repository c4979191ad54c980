"""A certificate deleted in the admin stops verifying at once, even for pages the
page cache keeps for anonymous visitors (issue 18)."""

from django.urls import reverse

import pytest

from courses.models import Certificate
from tests.conftest import make_user
from tests.courses.test_certificates import graduate  # noqa: F401

pytestmark = pytest.mark.django_db


def staff_client(client):
    """A superuser's client, made before the pages are cached (as in production,
    where the administrator exists long before)."""
    staff = client.__class__()
    staff.force_login(make_user("admin-cert", is_superuser=True, is_staff=True))
    return staff


def test_deleted_certificate_no_longer_verifies(client, graduate):  # noqa: F811
    staff = staff_client(client)
    certificate = Certificate.objects.get(enrolment=graduate)
    url = reverse("courses:certificate", args=[certificate.code])
    first = client.get(url)
    assert first.status_code == 200
    assert client.get(url)["X-Page-Cache"] == "hit"

    delete_url = reverse("wagtailsnippets_courses_certificate:delete", args=[certificate.pk])
    response = staff.post(delete_url)
    assert response.status_code == 302
    assert not Certificate.objects.filter(pk=certificate.pk).exists()

    after = client.get(url)
    assert after.status_code == 404
    assert certificate.full_name not in after.content.decode()


def test_corrected_name_shows_at_once(client, graduate):  # noqa: F811
    staff = staff_client(client)
    certificate = Certificate.objects.get(enrolment=graduate)
    url = reverse("courses:certificate", args=[certificate.code])
    assert client.get(url).status_code == 200
    assert client.get(url)["X-Page-Cache"] == "hit"
    edit_url = reverse("wagtailsnippets_courses_certificate:edit", args=[certificate.pk])
    response = staff.post(
        edit_url, {"full_name": "Ковалёва Анна Сергеевна", "course_title": "Курс"}
    )
    assert response.status_code == 302
    assert "Ковалёва Анна Сергеевна" in client.get(url).content.decode()
