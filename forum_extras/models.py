"""Forum features machina does not have: forum kinds and regions, forum
subscriptions, reports to moderators and accepted answers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ForumSettings(models.Model):
    """What kind of forum a machina Forum is and which region it belongs to.

    The seeding code (forum/setup.py) derives machina permissions from it.
    """

    class Kind(models.TextChoices):
        REGIONAL = "regional", _("Форум региона")
        THEMATIC = "thematic", _("Межрегиональный тематический форум")
        CONSULTATIONS = "consultations", _("Консультации экспертов")
        MEMBERS = "members", _("Только для участников")

    forum = models.OneToOneField(
        "forum.Forum",
        verbose_name=_("форум"),
        on_delete=models.CASCADE,
        related_name="portal_settings",
    )
    kind = models.CharField(_("вид"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        "home.Region",
        verbose_name=_("регион"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_settings",
        help_text=_("Модераторы этого региона модерируют форум."),
    )

    class Meta:
        verbose_name = _("настройки форума")
        verbose_name_plural = _("настройки форумов")

    def __str__(self):
        return f"{self.forum} — {self.get_kind_display()}"


class ForumSubscription(models.Model):
    """A member follows a whole forum: every new approved post there is mailed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_subscriptions"
    )
    forum = models.ForeignKey("forum.Forum", on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("подписка на форум")
        verbose_name_plural = _("подписки на форумы")
        constraints = [
            models.UniqueConstraint(fields=["user", "forum"], name="one_subscription_per_forum")
        ]


class PostNotification(models.Model):
    """Marks a post whose reply notifications were sent (once, when approved)."""

    post = models.OneToOneField(
        "forum_conversation.Post", on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)


class PostReport(models.Model):
    """A member tells the forum's moderators that a post breaks the rules."""

    post = models.ForeignKey(
        "forum_conversation.Post",
        verbose_name=_("сообщение"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто сообщил"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("что не так"), max_length=2000)
    created = models.DateTimeField(_("когда"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("рассмотрено"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кем рассмотрено"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("жалоба на сообщение")
        verbose_name_plural = _("жалобы на сообщения")
        ordering = ["created"]

    def __str__(self):
        return f"#{self.post_id}: {self.reason[:40]}"


class TopicSolution(models.Model):
    """The reply marked as the answer to a question in «Консультации экспертов»."""

    topic = models.OneToOneField(
        "forum_conversation.Topic", on_delete=models.CASCADE, related_name="solution"
    )
    post = models.ForeignKey("forum_conversation.Post", on_delete=models.CASCADE, related_name="+")
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("решение")
        verbose_name_plural = _("решения")


class TopicLetter(models.Model):
    """When a member was last written to about a topic, and whether replies wait.

    The first reply after a quiet interval is mailed at once; the replies that
    follow within FORUM_DIGEST_MINUTES wait (`pending_since`) and go out as one
    digest when the interval is over: one letter per member per topic per interval,
    however busy the topic.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey(
        "forum_conversation.Topic", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=10, default="topic")
    last_sent_at = models.DateTimeField(null=True, blank=True)
    last_post_id = models.BigIntegerField(default=0)
    pending_since = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("письма о теме")
        verbose_name_plural = _("письма о темах")
        constraints = [
            models.UniqueConstraint(fields=["user", "topic"], name="one_letter_state_per_topic")
        ]
