"""The outbox (one row per letter) and the worker's schedule of periodic jobs."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Letter(models.Model):
    """A letter the portal has decided to send.

    Written in the same transaction as its cause (a sign-up, a registration, a
    post), so a letter exists exactly when its cause does; the worker sends it
    and retries with backoff until `OUTBOX_RETRY_HOURS` have passed, then marks
    it failed. The fields are what Django's EmailMessage needs to be rebuilt.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("в очереди")
        SENDING = "sending", _("отправляется")
        SENT = "sent", _("отправлено")
        FAILED = "failed", _("не отправлено")

    created_at = models.DateTimeField(_("создано"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("вид"), max_length=60, blank=True)
    # What the letter is about, e.g. "accounts.user:12": pages ask it whether the
    # letter they promised has gone out.
    about = models.CharField(_("о чём"), max_length=80, blank=True, db_index=True)
    region = models.ForeignKey(
        "home.Region",
        verbose_name=_("регион"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_email = models.CharField(_("от кого"), max_length=254)
    to = models.JSONField(_("кому"), default=list)
    cc = models.JSONField(default=list, blank=True)
    bcc = models.JSONField(default=list, blank=True)
    reply_to = models.JSONField(default=list, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    subject = models.CharField(_("тема"), max_length=998)
    body = models.TextField(_("текст"))
    alternatives = models.JSONField(default=list, blank=True)
    attachments = models.JSONField(default=list, blank=True)

    status = models.CharField(
        _("состояние"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveIntegerField(_("попыток"), default=0)
    next_attempt_at = models.DateTimeField(_("следующая попытка"), null=True, blank=True)
    give_up_at = models.DateTimeField(_("попытки до"), null=True, blank=True)
    claim = models.CharField(max_length=32, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("отправлено"), null=True, blank=True)
    last_error = models.TextField(_("последняя ошибка"), blank=True)

    class Meta:
        verbose_name = _("письмо")
        verbose_name_plural = _("письма")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="letter_due_idx")]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)}"

    @property
    def recipients(self):
        return ", ".join(self.to)


class ScheduledJob(models.Model):
    """A periodic job the worker runs (no cron): when it last ran and how it went."""

    class Outcome(models.TextChoices):
        OK = "ok", _("успешно")
        ERROR = "error", _("ошибка")
        RUNNING = "running", _("выполняется")

    name = models.CharField(_("задание"), max_length=60, unique=True)
    last_enqueued_at = models.DateTimeField(_("поставлено в очередь"), null=True, blank=True)
    last_started_at = models.DateTimeField(_("последний запуск"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("завершено"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("последний успешный"), null=True, blank=True)
    last_outcome = models.CharField(
        _("результат"), max_length=10, choices=Outcome.choices, blank=True
    )
    last_message = models.TextField(_("сообщение"), blank=True)

    class Meta:
        verbose_name = _("периодическое задание")
        verbose_name_plural = _("периодические задания")
        ordering = ["name"]

    def __str__(self):
        return self.name
