"""The registration state machine in events.services, with every e-mail it sends."""

import datetime

from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

import pytest

from events import services
from events.models import ConsentText, Registration
from tests.conftest import make_user
from tests.events.conftest import CONSENTS, ics_of, link_in, unfold

Status = Registration.Status


def register(event, email, name="Участник", **kwargs):
    kwargs.setdefault("consents", CONSENTS)
    return services.register(event, name=name, email=email, **kwargs)


def member(username, email=None):
    user = make_user(username)
    if email:
        user.email = email
        user.save()
    return user


def test_member_with_account_email_is_confirmed_at_once_and_gets_ics(conference):
    user = member("irina", "Irina@Example.org")
    registration = register(conference, "irina@example.org", name="Ирина", user=user)

    assert registration.status == Status.CONFIRMED
    assert registration.user == user
    assert registration.email == "irina@example.org"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["irina@example.org"]
    assert message.subject == "Регистрация подтверждена: Новые технологии и успешные практики"
    assert "12 мая 2031, 10:00 (Симферополь, UTC+3)" in message.body
    assert "Симферополь, проспект Академика Вернадского, 4" in message.body
    assert link_in(message, "manage")
    calendar = unfold(ics_of(message))
    assert "DTSTART:20310512T070000Z" in calendar
    assert "DTEND:20310513T140000Z" in calendar
    assert "SUMMARY:Новые технологии и успешные практики" in calendar


def test_guest_waits_for_email_confirmation_before_the_place_counts(conference):
    registration = register(conference, "guest@example.org")

    assert registration.status == Status.PENDING
    assert registration.email_confirmed_at is None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == (
        "Подтвердите адрес электронной почты: Новые технологии и успешные практики"
    )
    assert message.to == ["guest@example.org"]
    assert link_in(message, "confirm")
    assert not message.attachments

    registration, changed = services.confirm_email(registration)
    assert changed
    assert registration.status == Status.CONFIRMED
    assert mail.outbox[1].subject.startswith("Регистрация подтверждена")
    assert "DTSTART:20310512T070000Z" in unfold(ics_of(mail.outbox[1]))

    again, changed = services.confirm_email(registration)
    assert not changed and again.status == Status.CONFIRMED
    assert len(mail.outbox) == 2


def test_consents_are_stored_separately_with_their_version_and_time(conference):
    ConsentText.objects.create(kind="processing", version="2026-01-15", text="<p>Текст</p>")
    registration = register(
        conference, "a@example.org", consents={"processing": True, "listing": False, "photo": True}
    )
    registration.refresh_from_db()
    assert registration.consent_processing_version == "2026-01-15"
    assert registration.consent_processing_at is not None
    assert registration.consent_listing_version == ""
    assert registration.consent_listing_at is None
    assert registration.consent_photo_version == "2025-09-01"
    assert registration.consent_photo_at is not None


def test_registration_without_processing_consent_is_refused_and_nothing_happens(conference):
    with pytest.raises(services.ConsentRequired) as error:
        register(conference, "a@example.org", consents={"processing": False, "photo": True})
    assert "согласия на обработку персональных данных" in str(error.value.message)
    assert not Registration.objects.exists()
    assert not mail.outbox


def test_full_event_puts_members_on_the_waiting_list(conference):
    for number in range(3):
        user = member(f"u{number}", f"u{number}@example.org")
        register(conference, f"u{number}@example.org", user=user)
    statuses = list(Registration.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == [Status.CONFIRMED, Status.CONFIRMED, Status.WAITLISTED]
    assert mail.outbox[2].subject == "Вы в листе ожидания: Новые технологии и успешные практики"
    assert not mail.outbox[2].attachments


def test_full_event_without_waiting_list_refuses_and_stores_nothing(conference):
    conference.capacity = 1
    conference.waitlist_enabled = False
    conference.save()
    user = member("first", "first@example.org")
    register(conference, "first@example.org", user=user)
    mail.outbox.clear()

    with pytest.raises(services.EventFull) as error:
        register(conference, "late@example.org")
    assert str(error.value.message) == "Свободных мест нет, лист ожидания не ведётся."
    assert Registration.objects.count() == 1
    assert not mail.outbox


@pytest.mark.parametrize(
    ("opens", "closes", "error", "text"),
    [
        (1, None, services.RegistrationNotOpen, "ещё не открыта"),
        (-5, -1, services.RegistrationClosed, "закрыта"),
    ],
)
def test_registration_outside_its_window_is_refused(conference, opens, closes, error, text):
    now = timezone.now()
    conference.registration_opens = now + datetime.timedelta(days=opens)
    conference.registration_closes = now + datetime.timedelta(days=closes) if closes else None
    conference.save()
    with pytest.raises(error) as raised:
        register(conference, "a@example.org")
    assert text in str(raised.value.message)
    assert not Registration.objects.exists()
    assert not mail.outbox


def test_registration_closes_when_the_event_starts_if_no_closing_time_is_set(conference):
    later = conference.start + datetime.timedelta(minutes=1)
    with pytest.raises(services.RegistrationClosed):
        register(conference, "a@example.org", now=later)


def test_same_email_cannot_register_twice_in_any_letter_case(conference):
    register(conference, "twice@example.org")
    mail.outbox.clear()
    with pytest.raises(services.AlreadyRegistered) as error:
        register(conference, "Twice@Example.ORG")
    assert "уже есть регистрация" in str(error.value.message)
    assert Registration.objects.count() == 1
    assert not mail.outbox


def test_database_refuses_a_second_active_registration_for_one_email(conference):
    registration = register(conference, "db@example.org")
    duplicate = Registration(
        event=conference,
        name="Копия",
        email="db@example.org",
        consent_processing_version="1",
        consent_processing_at=timezone.now(),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    # Once cancelled, the same e-mail may register again.
    services.cancel(registration)
    again = register(conference, "db@example.org")
    assert again.pk != registration.pk


def test_an_unconfirmed_registration_older_than_the_link_expires(conference):
    conference.registration_opens = timezone.now() - datetime.timedelta(days=30)
    conference.save()
    old = register(conference, "slow@example.org", now=timezone.now() - datetime.timedelta(days=5))
    fresh = register(conference, "slow@example.org")
    old.refresh_from_db()
    assert old.status == Status.CANCELLED
    assert fresh.status == Status.PENDING


def test_cancellation_promotes_the_first_waitlisted_and_emails_both(conference):
    people = []
    for number in range(4):
        user = member(f"p{number}", f"p{number}@example.org")
        people.append(register(conference, f"p{number}@example.org", user=user))
    mail.outbox.clear()

    cancelled, promoted = services.cancel(people[0])

    assert cancelled.status == Status.CANCELLED
    assert [p.pk for p in promoted] == [people[2].pk]
    people[2].refresh_from_db()
    people[3].refresh_from_db()
    assert people[2].status == Status.CONFIRMED
    assert people[3].status == Status.WAITLISTED
    assert [m.to for m in mail.outbox] == [["p0@example.org"], ["p2@example.org"]]
    assert mail.outbox[0].subject == "Регистрация отменена: Новые технологии и успешные практики"
    assert mail.outbox[1].subject == (
        "Освободилось место — вы зарегистрированы: Новые технологии и успешные практики"
    )
    assert "DTSTART:20310512T070000Z" in unfold(ics_of(mail.outbox[1]))


def test_cancelling_twice_is_refused(conference):
    registration = register(conference, "a@example.org")
    services.cancel(registration)
    with pytest.raises(services.InvalidTransition):
        services.cancel(registration)


def test_approval_event_waits_for_the_organiser_then_confirms_or_waitlists(internship):
    first = register(internship, "first@example.org")
    services.confirm_email(first)
    first.refresh_from_db()
    assert first.status == Status.PENDING and first.awaits_approval
    assert mail.outbox[-1].subject == (
        "Заявка получена и ждёт решения организатора: Стажировка в доме-интернате"
    )

    services.approve(first)
    first.refresh_from_db()
    assert first.status == Status.CONFIRMED
    assert mail.outbox[-1].subject == "Заявка одобрена: Стажировка в доме-интернате"
    assert mail.outbox[-1].to == ["first@example.org"]
    assert ics_of(mail.outbox[-1])

    second = register(internship, "second@example.org")
    services.confirm_email(second)
    services.approve(second)
    second.refresh_from_db()
    assert second.status == Status.WAITLISTED
    assert mail.outbox[-1].subject == "Вы в листе ожидания: Стажировка в доме-интернате"


def test_rejection_emails_the_applicant(internship):
    applicant = register(internship, "no@example.org")
    services.confirm_email(applicant)
    services.reject(applicant)
    applicant.refresh_from_db()
    assert applicant.status == Status.REJECTED
    assert mail.outbox[-1].subject == "Заявка отклонена: Стажировка в доме-интернате"
    assert "отклонил вашу заявку" in mail.outbox[-1].body


def test_an_application_cannot_be_approved_before_the_email_is_confirmed(internship):
    applicant = register(internship, "early@example.org")
    with pytest.raises(services.InvalidTransition):
        services.approve(applicant)


def test_organiser_promotion_respects_capacity(conference):
    people = [
        register(conference, f"x{n}@example.org", user=member(f"x{n}", f"x{n}@example.org"))
        for n in range(3)
    ]
    with pytest.raises(services.EventFull) as error:
        services.promote(people[2])
    assert "Свободных мест нет" in str(error.value.message)

    conference.capacity = 3
    conference.save()
    services.promote(people[2])
    people[2].refresh_from_db()
    assert people[2].status == Status.CONFIRMED
    assert mail.outbox[-1].subject.startswith("Освободилось место")


def test_check_in_toggles_for_confirmed_participants_only(conference):
    confirmed = register(conference, "c@example.org", user=member("c", "c@example.org"))
    assert services.check_in(confirmed).checked_in_at is not None
    assert services.check_in(confirmed).checked_in_at is None
    pending = register(conference, "p@example.org")
    with pytest.raises(services.InvalidTransition):
        services.check_in(pending)


def test_reminders_go_once_to_confirmed_participants_within_the_window(conference):
    confirmed = register(conference, "c@example.org", user=member("c", "c@example.org"))
    register(conference, "pending@example.org")
    mail.outbox.clear()
    too_early = conference.start - datetime.timedelta(days=3)
    assert services.send_reminders(now=too_early) == 0

    in_window = conference.start - datetime.timedelta(hours=20)
    assert services.send_reminders(now=in_window) == 1
    assert services.send_reminders(now=in_window + datetime.timedelta(hours=1)) == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["c@example.org"]
    assert message.subject == "Напоминание: Новые технологии и успешные практики — 12.05.2031"
    assert "DTSTART:20310512T070000Z" in unfold(ics_of(message))
    confirmed.refresh_from_db()
    assert confirmed.reminder_sent_at == in_window


def test_reminder_command_is_safe_to_run_every_hour(conference, capsys):
    conference.reminder_days = 30000
    conference.save()
    register(conference, "c@example.org", user=member("c", "c@example.org"))
    mail.outbox.clear()
    call_command("send_event_reminders")
    call_command("send_event_reminders")
    output = capsys.readouterr().out
    assert "Отправлено напоминаний: 1" in output
    assert "Отправлено напоминаний: 0" in output
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("Напоминание:")


def test_online_link_is_only_in_mails_that_give_a_place(webinar):
    register(webinar, "guest@example.org")
    confirm_request = mail.outbox[0]
    assert "webinar.example.org" not in confirm_request.body
    registration = Registration.objects.get()
    services.confirm_email(registration)
    confirmed = mail.outbox[1]
    assert "https://webinar.example.org/room/silver" in confirmed.body
    assert "https://webinar.example.org/room/silver" in unfold(ics_of(confirmed))
    assert "3 марта 2031, 11:00 (Калининград, UTC+2)" in confirmed.body
    assert "DTSTART:20310303T090000Z" in unfold(ics_of(confirmed))


def test_publishing_a_larger_capacity_promotes_the_waiting_list(conference):
    people = [
        register(conference, f"w{n}@example.org", user=member(f"w{n}", f"w{n}@example.org"))
        for n in range(4)
    ]
    mail.outbox.clear()
    conference.capacity = 3
    conference.save_revision().publish()
    statuses = [Registration.objects.get(pk=p.pk).status for p in people]
    assert statuses == [Status.CONFIRMED] * 3 + [Status.WAITLISTED]
    assert [m.to for m in mail.outbox] == [["w2@example.org"]]
    assert mail.outbox[0].subject.startswith("Освободилось место")
