"""An event's region is where it sits in the tree: moved in the admin to another
region's hub, it belongs to that region, and so do its registrations (issue 18)."""

from django.urls import reverse

import pytest

from events import services
from events.models import EventPage
from tests.conftest import make_user
from tests.events.conftest import CONSENTS


def registrations_url(event):
    return reverse("events_admin:registrations", args=[event.pk])


def export_url(event):
    return reverse("events_admin:export_csv", args=[event.pk])


def move(client, page, destination):
    admin = make_user(f"admin-{page.pk}-{destination.pk}", is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.post(
        reverse("wagtailadmin_pages:move_confirm", args=[page.pk, destination.pk])
    )
    assert response.status_code == 302
    client.logout()


@pytest.fixture
def registrant(internship):
    return services.register(
        internship,
        name="Мария Смирнова",
        email="maria@example.org",
        phone="+7 900 111-22-33",
        consents=CONSENTS,
    )


@pytest.mark.django_db
def test_event_moved_to_another_hub_belongs_to_that_region(
    client, people, regions, internship, registrant
):
    move(client, internship, regions["karelia"].hub)
    internship = EventPage.objects.get(pk=internship.pk)
    assert internship.get_parent().pk == regions["karelia"].hub.pk
    assert internship.region_id == regions["karelia"].pk

    client.force_login(people["spb"]["editor"])
    for url in (registrations_url(internship), export_url(internship)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
        assert "Мария Смирнова" not in response.content.decode()
    assert internship.title not in client.get(reverse("events_admin:events")).content.decode()

    client.force_login(people["karelia"]["editor"])
    listing = client.get(registrations_url(internship))
    assert listing.status_code == 200
    assert "Мария Смирнова" in listing.content.decode()
    export = client.get(export_url(internship))
    assert export.status_code == 200
    assert "maria@example.org" in export.content.decode("utf-8-sig")
    assert internship.title in client.get(reverse("events_admin:events")).content.decode()


@pytest.mark.django_db
def test_event_moved_back_returns_to_its_first_region(
    client, people, regions, internship, registrant
):
    move(client, internship, regions["karelia"].hub)
    move(client, internship, regions["spb"].hub)
    assert EventPage.objects.get(pk=internship.pk).region_id == regions["spb"].pk
    client.force_login(people["karelia"]["moderator"])
    response = client.get(registrations_url(internship))
    assert response.status_code == 302
    client.force_login(people["spb"]["moderator"])
    assert client.get(registrations_url(internship)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("alias", [False, True])
def test_event_copied_or_aliased_to_another_hub_belongs_to_that_region(
    client, people, regions, internship, alias
):
    admin = make_user("admin-copy", is_superuser=True, is_staff=True)
    client.force_login(admin)
    data = {
        "new_title": "Стажировка в Карелии",
        "new_slug": "internship-karelia",
        "new_parent_page": regions["karelia"].hub.pk,
        "publish_copies": "on",
    }
    if alias:
        data["alias"] = "on"
    response = client.post(reverse("wagtailadmin_pages:copy", args=[internship.pk]), data)
    assert response.status_code == 302
    copy = EventPage.objects.child_of(regions["karelia"].hub).get()
    assert copy.region_id == regions["karelia"].pk
    client.force_login(people["karelia"]["editor"])
    assert client.get(registrations_url(copy)).status_code == 200
    client.force_login(people["spb"]["editor"])
    assert client.get(registrations_url(copy)).status_code == 302
