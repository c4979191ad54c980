"""The letters about an event's registrations belong to the event's region
wherever the event now sits (issue 18): moved to another region's hub in the
admin, its letters (names, addresses, the registrant's signed links) leave the
old region's «Письма» and show in the new region's."""

from django.urls import reverse

import pytest

from background.models import Letter
from events import services
from tests.conftest import make_user
from tests.events.conftest import CONSENTS, events_index, internship  # noqa: F401
from tests.events.test_region_move import move

pytestmark = pytest.mark.django_db


def test_letters_follow_their_event_to_another_region(client, people, regions, internship):  # noqa: F811
    services.register(
        internship,
        name="Мария Смирнова",
        email="maria@example.org",
        phone="+7 900 111-22-33",
        consents=CONSENTS,
    )
    letter = Letter.objects.get(to=["maria@example.org"])
    detail = reverse("background_admin:letter", args=[letter.pk])
    client.force_login(people["spb"]["editor"])
    assert client.get(detail).status_code == 200

    move(client, internship, regions["karelia"].hub)

    client.force_login(people["spb"]["editor"])
    refused = client.get(detail)
    assert refused.status_code == 302
    assert refused["Location"] == reverse("wagtailadmin_home")
    assert (
        "maria@example.org" not in client.get(reverse("background_admin:letters")).content.decode()
    )
    client.force_login(people["karelia"]["editor"])
    assert "maria@example.org" in client.get(detail).content.decode()


def test_letters_follow_an_event_outside_the_hubs_whose_region_is_changed(
    client,
    people,
    regions,
    events_index,  # noqa: F811
):
    from events.models import EventPage
    from tests.events.test_admin import event_form

    admin = make_user("programme-admin", is_superuser=True, is_staff=True)
    client.force_login(admin)
    add = reverse("wagtailadmin_pages:add", args=["events", "eventpage", events_index.pk])
    form = event_form("Вебинар для регионов", "webinar-regions", region=str(regions["spb"].pk))
    assert client.post(add, {**form, "action-publish": "on"}).status_code == 302
    webinar = EventPage.objects.get(slug="webinar-regions")
    services.register(webinar, name="Мария Смирнова", email="maria@example.org", consents=CONSENTS)
    letter = Letter.objects.get(to=["maria@example.org"])
    detail = reverse("background_admin:letter", args=[letter.pk])

    client.force_login(admin)
    edit = reverse("wagtailadmin_pages:edit", args=[webinar.pk])
    form["region"] = str(regions["karelia"].pk)
    response = client.post(edit, {**form, "action-publish": "on"})
    assert response.status_code == 302
    webinar.refresh_from_db()
    assert webinar.region == regions["karelia"]

    client.force_login(people["spb"]["editor"])
    refused = client.get(detail)
    assert refused.status_code == 302
    assert refused["Location"] == reverse("wagtailadmin_home")
    client.force_login(people["karelia"]["editor"])
    assert "maria@example.org" in client.get(detail).content.decode()
