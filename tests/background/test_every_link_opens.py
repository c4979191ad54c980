"""Every link of every letter the portal sends opens (200), for its recipient."""

import datetime
import re

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from machina.apps.forum_conversation.models import Post

from courses.models import Submission
from courses.services import enrol, review
from events import services as events
from forum import services as forum
from forum.setup import trusted_group
from tests.conftest import make_user
from tests.courses.conftest import build_course, first_module
from tests.forum.conftest import make_topic

LINK = re.compile(r"https?://[^/\s]+(/[^\s]*)")
CONFIRMATION = re.compile(r"^/(events/registration|accounts)/confirm/")
User = get_user_model()


def _open_every_link(messages):
    opened = []
    for message in messages:
        owner = User.objects.filter(email__in=message.to, is_active=True).first()
        client = Client()
        if owner is not None:
            client.force_login(owner)
        for path in LINK.findall(message.body):
            response = client.get(path, follow=True)
            assert response.status_code == 200, (message.subject, path, response.status_code)
            if CONFIRMATION.match(path):
                # A confirmation link opens a page with one button (a mail scanner's
                # GET confirms nothing): the recipient presses it.
                response = client.post(path, follow=True)
                assert response.status_code == 200, (message.subject, path)
            opened.append((message.subject, path))
    return opened


def test_every_link_in_every_kind_of_letter_opens(
    client,
    settings,
    conference,
    internship,
    roles,
    forums,
    course_index,
):
    # Each letter's links are opened as soon as it arrives (a later action may
    # rightly outdate a link, e.g. a confirmation link after a cancellation).
    opened, seen = [], 0

    def open_new():
        nonlocal seen
        while seen < len(mail.outbox):  # opening a link may send the next letter
            batch = mail.outbox[seen:]
            seen = len(mail.outbox)
            opened.extend(_open_every_link(batch))

    # Events: confirmation (the button on the page the link opens), confirmed, waiting list,
    # promotion, cancellation, an organiser's rejection, the reminder.
    consents = {"processing": True}
    guest = events.register(conference, name="Ирина", email="irina@example.org", consents=consents)
    open_new()
    member = make_user("olga", first_name="Ольга")
    events.register(conference, name="Ольга", email=member.email, consents=consents, user=member)
    events.register(conference, name="Пётр", email="petr@example.org", consents=consents)
    open_new()
    guest.refresh_from_db()
    events.cancel(guest)  # Пётр is promoted from the waiting list
    open_new()
    applicant = events.register(
        internship, name="Анна", email="anna@example.org", consents=consents
    )
    open_new()
    applicant.refresh_from_db()
    events.reject(applicant)
    open_new()
    conference.start = timezone.now() + datetime.timedelta(days=1)
    conference.end = conference.start + datetime.timedelta(hours=3)
    conference.reminder_days = 2
    conference.save()
    events.send_reminders()
    open_new()

    # Accounts: password reset.
    client.post(reverse("accounts:password_reset"), {"email": member.email})
    open_new()

    # Forum: a reply at once, then a digest.
    topic = make_topic(forums["karelia"], roles["member"], subject="Дрова для пожилых")
    reader = make_user("reader", trusted_group(), first_name="Читатель")
    topic.subscribers.add(reader)
    for text in ("Первый ответ", "Второй ответ", "Третий ответ"):
        Post.objects.create(
            topic=topic, poster=roles["expert"], subject="Re", content=text, approved=True
        )
    forum.send_digests(now=timezone.now() + datetime.timedelta(hours=2))
    open_new()

    # Courses: the tutor's letter, the review, the certificate.
    course = build_course(course_index, modules=1)
    tutor = make_user("tutor", course.tutors_group, first_name="Ирина Тьютор")
    learner = make_user("learner", first_name="Анна Слушатель")
    enrolment = enrol(course, learner)
    learner_client = Client()
    learner_client.force_login(learner)
    learner_client.post(first_module(course).url, {"text": "Мой ответ"})
    open_new()
    review(Submission.objects.get(enrolment=enrolment), tutor, accept=True)
    open_new()

    kinds = {message.subject.split(":")[0].split("«")[0].strip() for message in mail.outbox}
    assert len(mail.outbox) >= 15, kinds
    subjects = {subject for subject, _path in opened}
    for expected in (
        "Подтвердите адрес электронной почты",
        "Регистрация подтверждена",
        "Освободилось место",
        "Регистрация отменена",
        "Заявка отклонена",
        "Напоминание",
        "Новый ответ в теме",
        "Новый ответ на проверку",
        "Задание принято",
    ):
        assert any(subject.startswith(expected) for subject in subjects), expected
    assert any("/accounts/password/reset/" in path for _subject, path in opened)
    assert any("новых ответ" in subject for subject in subjects)  # the digest
