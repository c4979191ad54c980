"""A busy topic: 150 replies, 60 subscribers. Each subscriber gets at most one
letter per interval (the first reply at once, then one digest), and the letters
of one run share one SMTP connection."""

import collections
import datetime

from django.utils import timezone

from machina.apps.forum_conversation.models import Post

from forum import services
from forum.setup import trusted_group
from tests.conftest import make_user
from tests.forum.conftest import make_topic

from .smtp import SMTPServer


def _letters_per_address(smtp):
    return collections.Counter(address for _, rcpt, _m in smtp.received for address in rcpt)


def test_a_reply_storm_sends_one_letter_per_subscriber_per_interval(smtp, settings, roles, forums):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    smtp.start()
    starter = roles["member"]
    topic = make_topic(forums["karelia"], starter, subject="Сбор тёплых вещей")
    subscribers = [make_user(f"reader-{n}", trusted_group()) for n in range(60)]
    topic.subscribers.add(*subscribers)
    posters = [make_user(f"poster-{n}", trusted_group()) for n in range(3)]

    for n in range(150):
        Post.objects.create(
            topic=topic, poster=posters[n % 3], subject="Re", content=f"Ответ номер {n}",
            approved=True,
        )  # fmt: skip

    counts = _letters_per_address(smtp)
    readers = {user.email for user in subscribers}
    assert {address: counts[address] for address in readers} == dict.fromkeys(readers, 1)
    assert max(counts.values()) == 1  # the posters, subscribed by posting, too
    first = smtp.messages_to(subscribers[0].email)[0]
    assert "Ответ номер 0" in SMTPServer.text_of(first)
    connections_before = smtp.connections
    # One connection per delivery run that had letters: the first reply's (61
    # letters), then one each for the three posters as they join the topic.
    assert connections_before == 4

    # Within the interval the digest job sends nothing; after it, one digest each.
    now = timezone.now()
    assert services.send_digests(now=now + datetime.timedelta(minutes=30)) == 0
    sent = services.send_digests(now=now + datetime.timedelta(minutes=61))
    assert sent >= 60
    counts = _letters_per_address(smtp)
    assert {address: counts[address] for address in readers} == dict.fromkeys(readers, 2)
    assert smtp.connections == connections_before + 1  # every digest over one connection
    digest = smtp.messages_to(subscribers[0].email)[1]
    assert "149 новых ответов" in str(digest["Subject"]) or "149" in SMTPServer.text_of(digest)
    text = SMTPServer.text_of(digest)
    assert "Ответ номер 149" in text and "…и ещё 119 ответов в теме" in text
    # A second run in the same interval sends nothing more.
    assert services.send_digests(now=now + datetime.timedelta(minutes=62)) == 0
