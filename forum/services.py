"""What members and moderators do beyond machina: subscriptions and e-mail
notifications, quoting, reports, accepted answers, pre-moderation and the rate
limit for new members. Views call these; they hold no HTTP logic."""

import contextlib
import datetime
import threading

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from machina.apps.forum_conversation.models import Post, Topic
from machina.apps.forum_permission.handler import PermissionHandler

from background import links
from background.mail import batch as letters_batch
from background.mail import queue_mail
from forum_extras.models import (
    ForumSettings,
    ForumSubscription,
    PostNotification,
    PostReport,
    TopicLetter,
    TopicSolution,
)

from .setup import EXPERTS_GROUP, TRUSTED_GROUP

UNSUBSCRIBE_SALT = "forum.unsubscribe"
_paused = threading.local()


@contextlib.contextmanager
def notifications_paused():
    """Create posts without mailing anyone (demo data, imports)."""
    _paused.active = True
    try:
        yield
    finally:
        _paused.active = False


def notifications_active():
    return not getattr(_paused, "active", False)


class ForumActionRefused(Exception):
    """An action the member may not take; the message is shown to them."""


def display_name(user):
    if user is None:
        return _("удалённый участник")
    return user.get_full_name() or user.get_username()


def topic_url(topic, post=None):
    url = reverse(
        "forum_conversation:topic",
        kwargs={
            "forum_slug": topic.forum.slug,
            "forum_pk": topic.forum_id,
            "slug": topic.slug,
            "pk": topic.pk,
        },
    )
    if post is not None:
        url = f"{url}?post={post.pk}#{post.pk}"
    return url


def absolute(url):
    return links.absolute(url)


# Subscriptions ---------------------------------------------------------------


def subscribe_topic(user, topic):
    topic.subscribers.add(user)


def unsubscribe_topic(user, topic):
    topic.subscribers.remove(user)


def subscribe_forum(user, forum):
    ForumSubscription.objects.get_or_create(user=user, forum=forum)


def unsubscribe_forum(user, forum):
    ForumSubscription.objects.filter(user=user, forum=forum).delete()


def unsubscribe_token(user, kind, obj):
    return signing.dumps({"u": user.pk, "k": kind, "o": obj.pk}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_by_token(token):
    """Undo a subscription from the link in an e-mail; returns (kind, object) or raises."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as error:
        raise ForumActionRefused(_("Ссылка для отписки повреждена или устарела.")) from error
    user = get_user_model().objects.filter(pk=data.get("u")).first()
    if user is None:
        raise ForumActionRefused(_("Участник с такой подпиской не найден."))
    if data.get("k") == "topic":
        topic = Topic.objects.filter(pk=data.get("o")).first()
        if topic is None:
            raise ForumActionRefused(_("Тема не найдена: возможно, она удалена."))
        unsubscribe_topic(user, topic)
        return "topic", topic
    if data.get("k") == "forum":
        subscription = ForumSubscription.objects.filter(user=user, forum_id=data.get("o"))
        forum = subscription.first().forum if subscription.exists() else None
        subscription.delete()
        if forum is None:
            raise ForumActionRefused(_("Вы уже отписаны от этого форума."))
        return "forum", forum
    raise ForumActionRefused(_("Ссылка для отписки повреждена или устарела."))


def _recipients(topic, exclude_user_id=None):
    """{user id: (kind, user)} of the topic's and its forum's subscribers who may read it."""
    by_user = {user.pk: ("topic", user) for user in topic.subscribers.filter(is_active=True)}
    forum_subscribers = get_user_model().objects.filter(
        forum_subscriptions__forum=topic.forum, is_active=True
    )
    for user in forum_subscribers:
        by_user.setdefault(user.pk, ("forum", user))
    by_user.pop(exclude_user_id, None)
    handler = PermissionHandler()
    return {
        pk: (kind, user)
        for pk, (kind, user) in by_user.items()
        if user.email and handler.can_read_forum(topic.forum, user)
    }


def _queue_topic_letter(user, kind, topic, posts):
    """One letter to `user` about new `posts` of `topic` (one post: «new reply»,
    several: a digest)."""
    target = topic if kind == "topic" else topic.forum
    items = [
        {"post": post, "author": display_name(post.poster), "url": absolute(topic_url(topic, post))}
        for post in posts[-DIGEST_MAX_POSTS:]
    ]
    context = {
        "user": user,
        "topic": topic,
        "kind": kind,
        "items": items,
        "total": len(posts),
        "not_shown": len(posts) - len(items),
        "post": posts[0],
        "author": items[0]["author"],
        "post_url": items[0]["url"],
        "unsubscribe_url": absolute(
            reverse("forum:unsubscribe", kwargs={"token": unsubscribe_token(user, kind, target)})
        ),
    }
    region_id = (
        ForumSettings.objects.filter(forum_id=topic.forum_id).values_list("region_id", flat=True)
    ).first()
    # Built in another member's request or by the worker: the portal's language.
    with translation.override(settings.LANGUAGE_CODE):
        if len(posts) == 1:
            subject = _("Новый ответ в теме «%(subject)s»") % {"subject": topic.subject}
            body = render_to_string("forum_extras/email/new_post.txt", context)
        else:
            subject = ngettext(
                "%(count)s новый ответ в теме «%(subject)s»",
                "%(count)s новых ответов в теме «%(subject)s»",
                len(posts),
            ) % {"count": len(posts), "subject": topic.subject}
            body = render_to_string("forum_extras/email/digest.txt", context)
        queue_mail(
            subject,
            body,
            [user.email],
            kind="forum.digest" if len(posts) > 1 else "forum.reply",
            about=f"forum.topic:{topic.pk}",
            region=region_id,
        )


# A digest quotes at most this many of the newest replies (and says how many more).
DIGEST_MAX_POSTS = 30


def digest_interval():
    return datetime.timedelta(minutes=settings.FORUM_DIGEST_MINUTES)


def notify_subscribers(post, now=None):
    """Tell the subscribers of the topic or its forum of a new post, never its author.

    Called once per post when it becomes visible (on creation if approved, or
    when a moderator approves it); a PostNotification row makes it idempotent.
    Recipients must still be able to read the forum (private forums stay private).
    A member not written to about this topic within FORUM_DIGEST_MINUTES gets the
    post at once; otherwise it waits for the digest (`send_digests`). Letters are
    queued in the outbox (the caller's transaction), never sent here.
    """
    _marker, created = PostNotification.objects.get_or_create(post=post)
    if not created:
        return 0
    now = now or timezone.now()
    topic = post.topic
    recipients = _recipients(topic, exclude_user_id=post.poster_id)
    states = {
        state.user_id: state
        for state in TopicLetter.objects.filter(topic=topic, user_id__in=list(recipients))
    }
    quiet_since = now - digest_interval()
    immediate = 0
    with letters_batch():
        for user_pk, (kind, user) in recipients.items():
            state = states.get(user_pk)
            if state is None:
                state = TopicLetter(user=user, topic=topic, kind=kind, last_post_id=0)
            if state.pending_since is None and (
                state.last_sent_at is None or state.last_sent_at <= quiet_since
            ):
                _queue_topic_letter(user, kind, topic, [post])
                state.last_sent_at, state.last_post_id = now, post.pk
                immediate += 1
            elif state.pending_since is None:
                state.pending_since = now
            state.kind = kind
            state.save()
    PostNotification.objects.filter(post=post).update(recipients=len(recipients))
    return immediate


def send_digests(now=None):
    """The periodic job: one digest per member and topic whose interval is over.

    Each state is claimed by a conditional UPDATE before its letter is queued (in
    the same transaction), so overlapping runs never send a digest twice.
    """
    now = now or timezone.now()
    due = TopicLetter.objects.filter(
        pending_since__isnull=False, last_sent_at__lte=now - digest_interval()
    ).select_related("user", "topic__forum")
    sent = 0
    recipients_of = {}  # topic id -> its readers who subscribe, computed once per run
    with letters_batch():  # one delivery run (one SMTP connection) for all the digests
        for state in due:
            sent += _send_digest(state, now, recipients_of)
    return sent


def _send_digest(state, now, recipients_of):
    """Claim one member's pending topic state and queue its digest; returns 0 or 1."""
    with transaction.atomic():
        claimed = TopicLetter.objects.filter(pk=state.pk, pending_since__isnull=False).update(
            pending_since=None, last_sent_at=now
        )
        if not claimed:
            return 0
        topic, user = state.topic, state.user
        if topic.pk not in recipients_of:
            recipients_of[topic.pk] = _recipients(topic)
        recipients = recipients_of[topic.pk]
        if user.pk not in recipients:
            return 0
        kind = recipients[user.pk][0]
        posts = list(
            Post.approved_objects.filter(topic=topic, pk__gt=state.last_post_id)
            .exclude(poster=user)
            .select_related("poster")
            .order_by("pk")
        )
        if not posts:
            return 0
        _queue_topic_letter(user, kind, topic, posts)
        TopicLetter.objects.filter(pk=state.pk).update(last_post_id=posts[-1].pk)
        return 1


# Quoting ---------------------------------------------------------------------


def quote_markdown(post):
    """The Markdown blockquote a reply starts with when quoting `post`."""
    lines = post.content.raw.strip().splitlines() or [""]
    quoted = "\n".join(f"> {line}" if line else ">" for line in lines)
    header = _("%(name)s писал(а):") % {"name": display_name(post.poster)}
    return f"> **{header}**\n>\n{quoted}\n\n"


# Pre-moderation and rate limit -----------------------------------------------


def is_trusted(user):
    return user.is_superuser or user.groups.filter(name=TRUSTED_GROUP).exists()


def check_rate_limit(user):
    """Refuse a post when a member not yet trusted posts too often."""
    if not user.is_authenticated or is_trusted(user):
        return
    limit = settings.FORUM_NEW_MEMBER_POST_LIMIT
    since = timezone.now() - datetime.timedelta(seconds=settings.FORUM_NEW_MEMBER_POST_WINDOW)
    if Post.objects.filter(poster=user, created__gte=since).count() >= limit:
        minutes = max(1, settings.FORUM_NEW_MEMBER_POST_WINDOW // 60)
        raise ForumActionRefused(
            ngettext(
                "Новые участники могут отправить не больше %(limit)s сообщения за "
                "%(minutes)s мин. Пожалуйста, подождите немного и попробуйте снова.",
                "Новые участники могут отправить не больше %(limit)s сообщений за "
                "%(minutes)s мин. Пожалуйста, подождите немного и попробуйте снова.",
                limit,
            )
            % {"limit": limit, "minutes": minutes}
        )


def trust_after_approval(post):
    """A member whose post a moderator approved no longer needs pre-moderation."""
    from .setup import trusted_group

    if post.poster_id and post.approved:
        post.poster.groups.add(trusted_group())


# Reports ---------------------------------------------------------------------


def report_post(post, user, reason):
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ForumActionRefused(_("Опишите, пожалуйста, что не так с сообщением."))
    if PostReport.objects.filter(post=post, reporter=user, resolved_at__isnull=True).exists():
        raise ForumActionRefused(_("Вы уже сообщили об этом сообщении, модераторы его проверят."))
    return PostReport.objects.create(post=post, reporter=user, reason=reason)


def reports_for(user, handler=None):
    """Open reports on posts in forums whose posts `user` may approve (moderate)."""
    handler = handler or PermissionHandler()
    forums = handler.get_moderation_queue_forums(user)
    return (
        PostReport.objects.filter(
            resolved_at__isnull=True, post__topic__forum__in=[f.pk for f in forums]
        )
        .select_related("post__topic__forum", "post__poster", "reporter")
        .order_by("created")
    )


def resolve_report(report, user):
    # Saved one by one (a post has few reports): the site search listens to each
    # report's save to bring a post hidden by reports back.
    now = timezone.now()
    with transaction.atomic():
        for open_report in PostReport.objects.filter(post=report.post, resolved_at__isnull=True):
            open_report.resolved_at, open_report.resolved_by = now, user
            open_report.save(update_fields=["resolved_at", "resolved_by"])


# Accepted answers ------------------------------------------------------------


def is_consultation(forum):
    return ForumSettings.objects.filter(forum=forum, kind=ForumSettings.Kind.CONSULTATIONS).exists()


def can_mark_solution(user, topic, handler=None):
    if not user.is_authenticated:
        return False
    handler = handler or PermissionHandler()
    return topic.poster_id == user.pk or handler.can_approve_posts(topic.forum, user)


def mark_solution(post, user):
    topic = post.topic
    if not is_consultation(topic.forum):
        raise ForumActionRefused(_("Решение отмечают только в «Консультациях экспертов»."))
    if post.is_topic_head:
        raise ForumActionRefused(_("Решением может быть только ответ, а не сам вопрос."))
    if not post.approved:
        raise ForumActionRefused(_("Этот ответ ещё не прошёл модерацию."))
    if not can_mark_solution(user, topic):
        raise ForumActionRefused(_("Отметить решение может только автор вопроса или модератор."))
    TopicSolution.objects.update_or_create(topic=topic, defaults={"post": post, "marked_by": user})


def expert_ids(user_ids):
    return set(
        get_user_model()
        .objects.filter(pk__in=user_ids, groups__name=EXPERTS_GROUP)
        .values_list("pk", flat=True)
    )
