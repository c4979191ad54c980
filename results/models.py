"""The programme's results: reporting periods, participating organisations'
periodic reports (filled by their representative, accepted or returned by the
region's moderator) and the targets the results page compares them with.

A report belongs to its organisation's region (home.permissions through
`region_field`); only accepted reports count on /results/ and in the grant
report.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable

from .indicators import indicator_choices


class ReportingPeriod(models.Model):
    """A reporting period (a quarter by default, see `manage.py setup_periods`)."""

    label = models.CharField(_("название"), max_length=60, help_text=_("Например: 2025, I квартал"))
    start = models.DateField(_("начало"))
    end = models.DateField(_("окончание (включительно)"))
    due = models.DateField(
        _("срок сдачи отчётов"), help_text=_("После этой даты представителям напоминают об отчёте")
    )
    is_baseline = models.BooleanField(
        _("базовый период"),
        default=False,
        help_text=_("С ним сравнивают рост показателей. Обычно один на всю программу"),
    )

    panels = [
        FieldPanel("label"),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end"), FieldPanel("due")]),
        FieldPanel("is_baseline"),
    ]

    class Meta:
        ordering = ["start"]
        verbose_name = _("отчётный период")
        verbose_name_plural = _("отчётные периоды")
        constraints = [
            models.UniqueConstraint(fields=["start", "end"], name="results_period_unique"),
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="results_period_order"
            ),
        ]

    def __str__(self):
        return self.label


class OrganisationReport(models.Model):
    """One participating organisation's figures for one period."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("черновик")
        SUBMITTED = "submitted", _("на проверке")
        RETURNED = "returned", _("возвращён на доработку")
        ACCEPTED = "accepted", _("принят")

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("организация"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("период"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    status = models.CharField(
        _("состояние"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    volunteers_active = models.PositiveIntegerField(_("активных добровольцев"), default=0)
    volunteers_new = models.PositiveIntegerField(_("новых добровольцев"), default=0)
    events_held = models.PositiveIntegerField(_("проведено мероприятий"), default=0)
    notes = models.TextField(_("пояснения"), max_length=2000, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("отправил(а)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("отправлен"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("проверил(а)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("проверен"), null=True, blank=True)
    review_comment = models.TextField(_("комментарий модератора"), max_length=2000, blank=True)
    reminded_at = models.DateTimeField(_("последнее напоминание"), null=True, blank=True)

    # home.permissions: a report belongs to its organisation's region.
    region_field = "organisation__region"

    class Meta:
        ordering = ["-period__start", "organisation__name"]
        verbose_name = _("отчёт организации")
        verbose_name_plural = _("отчёты организаций")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "period"], name="results_one_report_per_period"
            )
        ]
        indexes = [models.Index(fields=["status", "period"], name="results_report_status_idx")]

    def __str__(self):
        return f"{self.organisation} — {self.period}"

    @property
    def region_id(self):
        return self.organisation.region_id

    @property
    def is_editable(self):
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class ServiceRow(models.Model):
    """Volume of services of one type to one target group within a report."""

    report = models.ForeignKey(
        OrganisationReport, on_delete=models.CASCADE, related_name="service_rows"
    )
    service_type = models.ForeignKey(
        "practices.ServiceType", verbose_name=_("вид услуги"), on_delete=models.PROTECT
    )
    target_group = models.ForeignKey(
        "practices.TargetGroup", verbose_name=_("целевая группа"), on_delete=models.PROTECT
    )
    hours = models.PositiveIntegerField(_("часов"), default=0)
    cases = models.PositiveIntegerField(_("случаев оказания"), default=0)

    class Meta:
        verbose_name = _("строка услуг")
        verbose_name_plural = _("строки услуг")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "service_type", "target_group"], name="results_service_row_unique"
            )
        ]


class RecipientRow(models.Model):
    """Unique recipients of one target group within a report."""

    report = models.ForeignKey(
        OrganisationReport, on_delete=models.CASCADE, related_name="recipient_rows"
    )
    target_group = models.ForeignKey(
        "practices.TargetGroup", verbose_name=_("целевая группа"), on_delete=models.PROTECT
    )
    people = models.PositiveIntegerField(_("получателей (человек)"), default=0)

    class Meta:
        verbose_name = _("строка получателей")
        verbose_name_plural = _("строки получателей")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "target_group"], name="results_recipient_row_unique"
            )
        ]


class IndicatorTarget(models.Model):
    """A target value of a programme indicator for a year, programme-wide or per region."""

    indicator = models.CharField(_("показатель"), max_length=40, choices=indicator_choices)
    region = models.ForeignKey(
        "home.Region",
        verbose_name=_("регион"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("Пусто — цель всей программы"),
    )
    year = models.PositiveSmallIntegerField(_("год"), validators=[MinValueValidator(2000)])
    value = models.PositiveIntegerField(_("целевое значение"))

    panels = [
        FieldPanel("indicator"),
        FieldRowPanel([FieldPanel("region"), FieldPanel("year"), FieldPanel("value")]),
    ]

    class Meta:
        ordering = ["indicator", "year"]
        verbose_name = _("целевое значение показателя")
        verbose_name_plural = _("целевые значения показателей")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "year"],
                name="results_target_unique",
            )
        ]

    def __str__(self):
        return f"{self.get_indicator_display()} {self.year}: {self.value}"

    def clean(self):
        from django.core.exceptions import ValidationError

        # A unique constraint does not stop two programme-wide rows (NULL region).
        twins = IndicatorTarget.objects.filter(
            indicator=self.indicator, region=self.region, year=self.year
        ).exclude(pk=self.pk)
        if twins.exists():
            raise ValidationError(_("Цель этого показателя на этот год уже задана."))


class AttendanceCertificate(models.Model):
    """A certificate of attendance for a participant checked in at an event
    (conference, internship, webinar); verified on the same page as course
    certificates (/courses/certificates/<номер>/). Name and event are kept as
    they were at issue."""

    registration = models.OneToOneField(
        "events.Registration",
        verbose_name=_("регистрация"),
        on_delete=models.CASCADE,
        related_name="attendance_certificate",
    )
    code = models.CharField(_("номер"), max_length=20, unique=True)
    full_name = models.CharField(_("участник"), max_length=200)
    event_title = models.CharField(_("событие"), max_length=255)
    event_kind = models.CharField(_("вид события"), max_length=40)
    event_dates = models.CharField(_("даты"), max_length=120)
    issued_at = models.DateTimeField(_("выдан"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("выдал(а)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # home.permissions: a certificate follows its event's region.
    region_field = "registration__event__region"

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("сертификат участника события")
        verbose_name_plural = _("сертификаты участников событий")

    def __str__(self):
        return f"{self.code} — {self.full_name}"

    @property
    def region_id(self):
        return self.registration.event.region_id

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("courses:certificate", args=[self.code])

    def pdf_url(self):
        from django.urls import reverse

        return reverse("results:attendance_pdf", args=[self.code])


class DailyCount(models.Model):
    """How many times something was viewed or downloaded, per day of flushing
    (counted in the shared cache first: results.counters)."""

    class Kind(models.TextChoices):
        PRACTICE_VIEW = "practice_view", _("просмотры практик")
        DOWNLOAD = "download", _("скачивания документов")

    kind = models.CharField(_("что считаем"), max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("объект"))
    day = models.DateField(_("день"))
    count = models.PositiveIntegerField(_("количество"), default=0)

    class Meta:
        verbose_name = _("счётчик за день")
        verbose_name_plural = _("счётчики за день")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "day"], name="results_count_unique"
            )
        ]


class Proposal(models.Model):
    """A proposal (or typical form) handed to a regional authority: the register."""

    region = models.ForeignKey(
        "home.Region",
        verbose_name=_("регион"),
        on_delete=models.PROTECT,
        related_name="proposals",
        help_text=_("Регион, органу власти которого направлено предложение"),
    )
    authority = models.CharField(
        _("орган власти"), max_length=255, help_text=_("Кому направлено: название органа власти")
    )
    subject = models.CharField(
        _("предмет"), max_length=255, help_text=_("О чём предложение, коротко")
    )
    typical_form = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("типовая форма"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Документ с предложением или типовой формой"),
    )
    submitted_on = models.DateField(_("направлено"), help_text=_("Дата направления"))
    answer = models.TextField(
        _("ответ"), max_length=4000, blank=True, help_text=_("Что ответил орган власти")
    )
    answered_on = models.DateField(
        _("дата ответа"), null=True, blank=True, help_text=_("Пусто, пока ответа нет")
    )

    panels = [
        FieldPanel("region"),
        FieldPanel("authority"),
        FieldPanel("subject"),
        FieldPanel("typical_form"),
        FieldRowPanel([FieldPanel("submitted_on"), FieldPanel("answered_on")]),
        FieldPanel("answer"),
    ]

    class Meta:
        ordering = ["-submitted_on"]
        verbose_name = _("предложение органу власти")
        verbose_name_plural = _("предложения органам власти")

    def __str__(self):
        return f"{self.authority}: {self.subject}"


class Survey(ClusterableModel):
    """A short feedback survey after an event or a course: rating scales and open
    questions set per survey. Belongs to the region of its event or course."""

    title = models.CharField(_("название"), max_length=200)
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("событие"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="surveys",
        help_text=_("Событие, участников которого спрашиваем (или курс ниже)"),
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("курс"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="surveys",
        help_text=_("Курс, слушателей которого спрашиваем"),
    )
    intro = models.TextField(
        _("вступление"), max_length=1000, blank=True, help_text=_("Несколько слов над вопросами")
    )
    invitations_sent_at = models.DateTimeField(
        _("приглашения разосланы"), null=True, blank=True, editable=False
    )

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("event"), FieldPanel("course")]),
        FieldPanel("intro"),
        InlinePanel("questions", label=_("Вопросы"), min_num=1),
    ]

    class Meta:
        verbose_name = _("опрос участников")
        verbose_name_plural = _("опросы участников")

    def __str__(self):
        return self.title

    def clean(self):
        from django.core.exceptions import ValidationError

        if bool(self.event_id) == bool(self.course_id):
            raise ValidationError(_("Выберите либо событие, либо курс."))

    # home.permissions: a survey belongs to the region of its event or course, read
    # from the page each time (a moved page takes its surveys along; nothing copied).
    region_field = ("event__region", "course__region")

    @property
    def region_id(self):
        subject = self.event or self.course
        return subject.region_id if subject else None

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("results:survey", args=[self.pk])

    def summary_link(self):
        from django.urls import reverse
        from django.utils.html import format_html

        return format_html(
            '<a href="{}">{}</a>',
            reverse("results_admin:survey_summary", args=[self.pk]),
            _("Итоги (%(count)s)") % {"count": self.responses.count()},
        )

    summary_link.short_description = _("Ответы")


class SurveyQuestion(Orderable):
    class Kind(models.TextChoices):
        SCALE = "scale", _("оценка от 1 до 5")
        TEXT = "text", _("открытый ответ")

    survey = ParentalKey(Survey, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("вопрос"), max_length=300)
    kind = models.CharField(_("вид"), max_length=10, choices=Kind.choices, default=Kind.SCALE)
    required = models.BooleanField(_("обязательный"), default=True)

    panels = [FieldPanel("text"), FieldRowPanel([FieldPanel("kind"), FieldPanel("required")])]

    class Meta(Orderable.Meta):
        verbose_name = _("вопрос")
        verbose_name_plural = _("вопросы")

    def __str__(self):
        return self.text


class SurveyResponse(models.Model):
    """One participant's answers: {question id (str): 1..5 or text}."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_responses"
    )
    answers = models.JSONField(_("ответы"), default=dict)
    submitted_at = models.DateTimeField(_("отправлен"), auto_now_add=True)

    class Meta:
        verbose_name = _("ответ на опрос")
        verbose_name_plural = _("ответы на опросы")
        constraints = [
            models.UniqueConstraint(fields=["survey", "user"], name="results_one_response")
        ]
