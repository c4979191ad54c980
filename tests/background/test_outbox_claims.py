"""Two outbox runs never send a letter twice (issue 18): a run keeps renewing its
claim while it sends a long batch over a slow mail server, and a run that lost a
letter to another (it stalled for longer than its claim) leaves it to that run.

The mail server is slow by the clock: each letter takes some minutes of a clock
that the outbox reads, and a second run polls in the middle of the first's
batch, as a second worker process would."""

import datetime
from unittest import mock

from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

import pytest

from background import mail
from background.models import Letter

pytestmark = pytest.mark.django_db

Status = Letter.Status


class World:
    """The clock, the letters the server received, and when the other run polls."""

    def __init__(self):
        self.at = timezone.now()
        self.received = []
        self.minutes_per_letter = {}
        self.other_run_after = None
        self.polling = False

    def now(self):
        return self.at


world = World()


class SlowServer(EmailBackend):
    def send_messages(self, messages):
        for message in messages:
            world.received.append(message.subject)
            world.at += datetime.timedelta(minutes=world.minutes_per_letter.get(message.subject, 4))
            if message.subject == world.other_run_after and not world.polling:
                world.polling = True  # the other run, polling while this one is busy
                mail.deliver_due()
        return len(messages)


@pytest.fixture
def slow_server(settings):
    global world
    world = World()
    settings.EMAIL_BACKEND = f"{__name__}.SlowServer"
    with mock.patch.object(mail.timezone, "now", world.now):
        yield world


def queue_letters(count):
    with mock.patch.object(mail, "wake_worker"):  # the worker is not woken: runs below
        for number in range(1, count + 1):
            mail.queue_mail(f"Письмо {number}", "Текст", [f"p{number}@example.org"])


def test_a_long_batch_keeps_its_claim_and_nothing_is_sent_twice(slow_server):
    queue_letters(6)
    # 4 minutes a letter: the batch takes 24 minutes, the claim lasts 10 unless renewed.
    slow_server.other_run_after = "Письмо 4"
    assert mail.deliver_due() == 6
    assert sorted(slow_server.received) == sorted(f"Письмо {n}" for n in range(1, 7))
    assert set(Letter.objects.values_list("status", flat=True)) == {Status.SENT}


def test_a_run_that_lost_its_claim_leaves_the_rest_to_the_other_run(slow_server):
    queue_letters(4)
    # The second letter hangs for 15 minutes (past the claim): meanwhile the other
    # run takes back the letters still waiting and sends them.
    slow_server.minutes_per_letter["Письмо 2"] = 15
    slow_server.other_run_after = "Письмо 2"
    mail.deliver_due()
    received = slow_server.received
    # The hanging letter was being sent when the other run took it back, so it goes
    # out twice (the claim is far above EMAIL_TIMEOUT so that a real server cannot
    # hang that long); every letter still waiting went out once.
    assert received.count("Письмо 2") == 2
    for subject in ("Письмо 1", "Письмо 3", "Письмо 4"):
        assert received.count(subject) == 1, (subject, received)
    assert set(Letter.objects.values_list("status", flat=True)) == {Status.SENT}
