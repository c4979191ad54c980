"""Freshness with every cache on (issue 18): what an editor changes in the admin
shows at once to anonymous visitors, whose pages the page cache keeps, and to
members, who get the kept blocks and lookups."""

from django.test import Client
from django.urls import reverse

import pytest

from home.models import PortalSettings
from tests.conftest import add_page, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(home_page):
    """The administrator's client, logged in before any page is kept."""
    client = Client()
    client.force_login(make_user("admin-fresh", is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def member(home_page):
    client = Client()
    client.force_login(make_user("member-fresh"))
    return client


def twice(client, url):
    """The page as served now, asked twice so that the second comes from the caches."""
    first = client.get(url)
    second = client.get(url)
    assert second.status_code == first.status_code
    return second


def test_a_page_made_private_in_the_admin_asks_for_a_login_at_once(staff, member, home_page):
    page = add_page(home_page, "О программе", slug="about")
    anonymous = Client()
    assert twice(anonymous, page.url)["X-Page-Cache"] == "hit"
    assert twice(member, page.url).status_code == 200

    response = staff.post(
        reverse("wagtailadmin_pages:set_privacy", args=[page.pk]),
        {"restriction_type": "login", "password": "", "groups": []},
    )
    assert response.status_code == 200
    assert page.get_view_restrictions().count() == 1

    response = anonymous.get(page.url)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_footer_settings_saved_in_the_admin_show_at_once(staff, member, home_page):
    settings_row = PortalSettings.objects.get()
    anonymous = Client()
    assert "ООО «Оператор портала»" not in twice(anonymous, "/").content.decode()
    assert "ООО «Оператор портала»" not in twice(member, "/").content.decode()

    response = staff.post(
        # A site setting is edited by its site's id (equal to the row's only by chance on SQLite).
        reverse("wagtailsettings:edit", args=["home", "portalsettings", settings_row.site_id]),
        {
            "contact_email": "info@example.org",
            "contact_phone": "",
            "footer_text": "ООО «Оператор портала»",
        },
    )
    assert response.status_code == 302

    assert "ООО «Оператор портала»" in anonymous.get("/").content.decode()
    assert "ООО «Оператор портала»" in member.get("/").content.decode()


def test_a_deleted_page_is_gone_at_once(staff, member, home_page):
    page = add_page(home_page, "Временная страница", slug="temporary")
    anonymous = Client()
    assert twice(anonymous, page.url).status_code == 200
    response = staff.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    assert response.status_code == 302
    assert anonymous.get("/temporary/").status_code == 404
    assert member.get("/temporary/").status_code == 404
