"""Organisers in the Wagtail admin: regional access, state changes, exports,
and creating events from the admin form."""

import csv
import datetime
import io

from django.core import mail
from django.urls import reverse

import pytest
from openpyxl import load_workbook

from events import services
from events.models import EventIndexPage, EventPage, Registration
from home.models import HomePage
from tests.conftest import REGION_ROWS, make_user
from tests.events.conftest import CONSENTS

Status = Registration.Status
SLUGS = [slug for slug, _name, _tz in REGION_ROWS]


def url(name, *args):
    return reverse(f"events_admin:{name}", args=args)


@pytest.fixture
def registered(conference):
    """Three confirmed-or-waitlisted members and one guest awaiting confirmation."""
    people = []
    for number, name in enumerate(["Анна Орлова", "Борис Лебедев", "Вера Соколова"]):
        user = make_user(f"member{number}")
        people.append(
            services.register(
                conference,
                name=name,
                email=user.email,
                user=user,
                phone="+7 900 000-00-00",
                answers={"Организация": f'=HYPERLINK("x") {number}'}
                if number == 2
                else {"Организация": f"КЦСОН № {number}"},
                consents=CONSENTS | {"photo": number == 0},
            )
        )
    people.append(
        services.register(
            conference, name="Гость Гостев", email="guest@example.org", consents=CONSENTS
        )
    )
    mail.outbox.clear()
    return people


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("role", ["editor", "moderator"])
def test_only_the_events_regional_staff_see_its_registrations(
    client, people, registered, conference, slug, role
):
    client.force_login(people[slug][role])
    own = slug == "crimea"
    responses = [
        client.get(url("registrations", conference.pk)),
        client.get(url("export_csv", conference.pk)),
        client.get(url("export_xlsx", conference.pk)),
    ]
    listing = client.get(url("events")).content.decode()
    action = client.post(
        url("registration_action", conference.pk, registered[0].pk), {"action": "cancel"}
    )
    registered[0].refresh_from_db()
    if own:
        assert [r.status_code for r in responses] == [200, 200, 200]
        assert "Анна Орлова" in responses[0].content.decode()
        assert conference.title in listing
        assert action.status_code == 302
        assert registered[0].status == Status.CANCELLED
    else:
        # Wagtail's admin turns PermissionDenied into a redirect to the dashboard.
        assert [r.status_code for r in responses] == [302, 302, 302]
        assert all(r["Location"] == reverse("wagtailadmin_home") for r in responses)
        assert all("Анна Орлова" not in r.content.decode() for r in responses)
        assert conference.title not in listing
        assert action.status_code == 302
        assert action["Location"] == reverse("wagtailadmin_home")
        assert registered[0].status == Status.CONFIRMED
        assert not mail.outbox


def test_visitors_without_admin_access_are_sent_to_log_in(client, registered, conference):
    response = client.get(url("registrations", conference.pk))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    member = make_user("member-only")
    client.force_login(member)
    assert client.get(url("export_csv", conference.pk)).status_code == 302


def test_registration_list_filters_by_status(client, people, registered, conference):
    client.force_login(people["crimea"]["editor"])
    content = client.get(url("registrations", conference.pk) + "?status=waitlisted").content
    content = content.decode()
    assert "Вера Соколова" in content
    assert "Анна Орлова" not in content
    assert "В листе ожидания (1)" in content
    assert "Подтверждена (2)" in content
    assert "Ожидает подтверждения (1)" in content


def test_organiser_cancels_and_the_waitlisted_person_is_promoted(
    client, people, registered, conference
):
    client.force_login(people["crimea"]["moderator"])
    response = client.post(
        url("registration_action", conference.pk, registered[0].pk),
        {"action": "cancel"},
        follow=True,
    )
    assert "Регистрация отменена: Анна Орлова." in response.content.decode()
    statuses = {r.name: r.status for r in Registration.objects.all()}
    assert statuses["Анна Орлова"] == Status.CANCELLED
    assert statuses["Вера Соколова"] == Status.CONFIRMED
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects[registered[0].email].startswith("Организатор отменил вашу регистрацию")
    assert subjects[registered[2].email].startswith("Освободилось место")


def test_organiser_cannot_promote_beyond_capacity(client, people, registered, conference):
    client.force_login(people["crimea"]["editor"])
    response = client.post(
        url("registration_action", conference.pk, registered[2].pk),
        {"action": "promote"},
        follow=True,
    )
    assert "Свободных мест нет: увеличьте число мест" in response.content.decode()
    registered[2].refresh_from_db()
    assert registered[2].status == Status.WAITLISTED
    assert not mail.outbox


def test_organiser_marks_attendance(client, people, registered, conference):
    client.force_login(people["crimea"]["editor"])
    client.post(url("registration_action", conference.pk, registered[1].pk), {"action": "checkin"})
    registered[1].refresh_from_db()
    assert registered[1].checked_in_at is not None
    content = client.get(url("registrations", conference.pk)).content.decode()
    assert "Снять отметку" in content


def test_unknown_action_changes_nothing(client, people, registered, conference):
    client.force_login(people["crimea"]["editor"])
    response = client.post(
        url("registration_action", conference.pk, registered[1].pk),
        {"action": "delete"},
        follow=True,
    )
    assert "Неизвестное действие." in response.content.decode()
    assert Registration.objects.filter(status=Status.CONFIRMED).count() == 2


def test_host_organisers_approve_and_reject_applications(client, people, internship):
    applicants = []
    for email in ("a@example.org", "b@example.org"):
        registration = services.register(internship, name=email, email=email, consents=CONSENTS)
        services.confirm_email(registration)
        applicants.append(registration)
    mail.outbox.clear()
    client.force_login(people["spb"]["moderator"])
    listing = client.get(url("registrations", internship.pk)).content.decode()
    assert "Ожидает решения организатора" in listing
    assert 'value="approve"' in listing

    client.post(url("registration_action", internship.pk, applicants[0].pk), {"action": "approve"})
    client.post(url("registration_action", internship.pk, applicants[1].pk), {"action": "reject"})
    applicants[0].refresh_from_db()
    applicants[1].refresh_from_db()
    assert applicants[0].status == Status.CONFIRMED
    assert applicants[1].status == Status.REJECTED
    assert [(m.to[0], m.subject) for m in mail.outbox] == [
        ("a@example.org", "Заявка одобрена: Стажировка в доме-интернате"),
        ("b@example.org", "Заявка отклонена: Стажировка в доме-интернате"),
    ]


def test_csv_export_lists_registrants_answers_and_consents(client, people, registered, conference):
    client.force_login(people["crimea"]["editor"])
    response = client.get(url("export_csv", conference.pk))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="registrations-conference.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["№", "Имя и фамилия", "E-mail", "Телефон", "Статус"]
    assert "Организация" in rows[0]
    assert len(rows) == 5
    anna = rows[1]
    assert anna[1] == "Анна Орлова"
    assert anna[4] == "Подтверждена"
    assert "КЦСОН № 0" in anna
    assert anna[-3].startswith("2025-09-01, ")
    assert anna[-1].startswith("2025-09-01, ")
    assert rows[2][-1] == "нет"
    # Cells starting with =, +, - or @ are prefixed so spreadsheets never run them.
    assert anna[3] == "'+7 900 000-00-00"
    # A formula typed into the form is neutralised in the export.
    assert '\'=HYPERLINK("x") 2' in rows[3]


def test_exports_say_when_a_participant_came_and_when_they_left_early(
    client, people, registered, conference
):
    anna = conference.registrations.get(name="Анна Орлова")
    came = conference.start + datetime.timedelta(minutes=5)
    services.check_in(anna, now=came)
    services.check_out(anna, now=came + datetime.timedelta(hours=1))
    client.force_login(people["crimea"]["editor"])
    local = conference.tzinfo

    def stamp(moment):
        return moment.astimezone(local).strftime("%d.%m.%Y %H:%M")

    response = client.get(url("export_csv", conference.pk))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    came_at, left_at = rows[0].index("Присутствовал(а)"), rows[0].index("Ушёл (ушла) раньше, в")
    assert rows[1][1] == "Анна Орлова"
    assert (rows[1][came_at], rows[1][left_at]) == (
        stamp(came),
        stamp(came + datetime.timedelta(hours=1)),
    )
    assert (rows[2][came_at], rows[2][left_at]) == ("", "")
    response = client.get(url("export_xlsx", conference.pk))
    sheet = [
        [cell.value for cell in row]
        for row in load_workbook(io.BytesIO(response.content)).active.iter_rows()
    ]
    assert sheet[0][left_at] == "Ушёл (ушла) раньше, в"
    assert sheet[1][left_at] == stamp(came + datetime.timedelta(hours=1))


def test_xlsx_export_has_the_same_rows(client, people, registered, conference):
    client.force_login(people["crimea"]["moderator"])
    response = client.get(url("export_xlsx", conference.pk))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][1] == "Имя и фамилия"
    assert [row[1] for row in rows[1:]] == [
        "Анна Орлова",
        "Борис Лебедев",
        "Вера Соколова",
        "Гость Гостев",
    ]
    assert rows[3][4] == "В листе ожидания"
    assert rows[1][3] == "+7 900 000-00-00"
    assert '\'=HYPERLINK("x") 2' in rows[3]


def test_event_pages_carry_a_registrations_button_for_their_staff(client, people, conference):
    client.force_login(people["crimea"]["editor"])
    content = client.get(reverse("wagtailadmin_pages:edit", args=[conference.pk])).content
    assert url("registrations", conference.pk) in content.decode()


def test_event_page_types_sit_where_they_belong():
    assert {m.__name__ for m in EventPage.allowed_parent_page_models()} == {
        "EventIndexPage",
        "RegionPage",
    }
    assert EventIndexPage.allowed_parent_page_models() == [HomePage]
    assert EventPage.allowed_subpage_models() == []


def event_form(title, slug, **extra):
    data = {
        "title": title,
        "slug": slug,
        "kind": "training",
        "summary": "Обучение координаторов",
        "start": "2031-06-01 10:00",
        "end": "2031-06-01 16:00",
        "registration_enabled": "on",
        "waitlist_enabled": "on",
        "reminder_days": "1",
        "capacity": "20",
        "body-count": "0",
        "programme-count": "0",
        "questions-count": "0",
    }
    data.update(extra)
    return data


def test_editor_creates_an_event_under_own_hub_and_it_belongs_to_the_region(
    client, people, regions
):
    client.force_login(people["karelia"]["editor"])
    add_url = reverse(
        "wagtailadmin_pages:add", args=["events", "eventpage", regions["karelia"].hub.pk]
    )
    response = client.post(
        add_url, event_form("Школа координатора", "shkola", region=str(regions["spb"].pk))
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = EventPage.objects.get(slug="shkola")
    assert event.region == regions["karelia"]
    # Entered in the admin's zone (Moscow): 10:00 MSK is 07:00 UTC.
    assert event.start == datetime.datetime(2031, 6, 1, 7, 0, tzinfo=datetime.UTC)

    other = reverse("wagtailadmin_pages:add", args=["events", "eventpage", regions["spb"].hub.pk])
    response = client.post(other, event_form("Чужое", "chuzhoe"))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert not EventPage.objects.filter(slug="chuzhoe").exists()


def test_an_event_outside_a_hub_needs_a_region(admin_client, events_index, regions):
    add_url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", events_index.pk])
    response = admin_client.post(add_url, event_form("Вебинар", "webinar-x"))
    assert response.status_code == 200
    assert "Укажите регион: событие создаётся вне раздела региона." in response.content.decode()
    assert not EventPage.objects.filter(slug="webinar-x").exists()

    response = admin_client.post(
        add_url,
        event_form(
            "Вебинар",
            "webinar-x",
            region=str(regions["kaliningrad"].pk),
            end="2031-05-31 10:00",
        ),
    )
    assert "Окончание не может быть раньше начала." in response.content.decode()
    response = admin_client.post(
        add_url, event_form("Вебинар", "webinar-x", region=str(regions["kaliningrad"].pk))
    )
    assert response.status_code == 302
    assert EventPage.objects.get(slug="webinar-x").region == regions["kaliningrad"]


def test_regional_staff_find_registrations_in_the_admin_menu(client, people):
    client.force_login(people["spb"]["editor"])
    assert url("events") in client.get(reverse("wagtailadmin_home")).content.decode()
    listing = client.get(url("events")).content.decode()
    assert "Событий вашего региона пока нет." in listing
