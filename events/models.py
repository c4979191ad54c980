"""Events of the programme and the registrations for them.

`EventIndexPage` is the one listing at /events/ (a child of the HomePage).
`EventPage` lives either under a region hub (it then belongs to that region) or
under /events/ with its region chosen by the editor (the interregional section
for project-wide events). `Registration` is a plain model: every change of its
state goes through `events.services`.
"""

from django import forms
from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from home import lookups
from home.blocks import BodyStreamBlock
from home.models import (
    TIME_ZONE_CHOICES,
    KnownRestrictionsMixin,
    Region,
    hub_region_of,
)
from home.page_cache import CONTENT, EVENTS

DEFAULT_TIME_ZONE = "Europe/Moscow"


class EventKind(models.TextChoices):
    CONFERENCE = "conference", _("Конференция")
    INTERNSHIP = "internship", _("Стажировка")
    WEBINAR = "webinar", _("Вебинар")
    TRAINING = "training", _("Обучение")


class SessionBlock(blocks.StructBlock):
    """One item of an event's programme, in the event's local time."""

    day = blocks.DateBlock(label=_("День"))
    start = blocks.TimeBlock(label=_("Начало (местное время)"))
    end = blocks.TimeBlock(label=_("Окончание (местное время)"), required=False)
    title = blocks.CharBlock(label=_("Тема"))
    speakers = blocks.CharBlock(
        label=_("Выступающие"), required=False, help_text=_("Имена, должности, организации")
    )
    description = blocks.TextBlock(label=_("Описание"), required=False)

    class Meta:
        icon = "time"
        label = _("Пункт программы")
        template = "events/blocks/session_block.html"


class QuestionBlock(blocks.StructBlock):
    """A question of the registration form, configured per event by its editors."""

    label = blocks.CharBlock(label=_("Вопрос"), help_text=_("Например: «Организация»"))
    field_type = blocks.ChoiceBlock(
        label=_("Тип ответа"),
        choices=[
            ("text", _("Строка")),
            ("textarea", _("Несколько строк")),
            ("choice", _("Выбор из списка")),
        ],
        default="text",
    )
    choices = blocks.TextBlock(
        label=_("Варианты ответа"),
        required=False,
        help_text=_("Для выбора из списка: по одному варианту в строке"),
    )
    required = blocks.BooleanBlock(label=_("Обязательный"), required=False, default=True)
    help_text = blocks.CharBlock(label=_("Подсказка"), required=False)

    class Meta:
        icon = "help"
        label = _("Вопрос анкеты")


def zone_label(tz_name, moment=None):
    """A human name of a time zone with its offset, e.g. «Калининград, UTC+2»."""
    import zoneinfo

    label = dict(TIME_ZONE_CHOICES).get(tz_name)  # translated below: only this one
    city = str(label).split(" (")[0] if label is not None else tz_name
    moment = moment or timezone.now()
    offset = moment.astimezone(zoneinfo.ZoneInfo(tz_name)).utcoffset()
    hours, rest = divmod(int(offset.total_seconds()), 3600)
    minutes = rest // 60
    sign = "+" if hours >= 0 else "−"
    text = f"UTC{sign}{abs(hours)}" + (f":{minutes:02d}" if minutes else "")
    return f"{city}, {text}"


class EventIndexPage(KnownRestrictionsMixin, Page):
    """The listing of all events at /events/ with the calendar feeds.

    It lists every live EventPage of the site, wherever it sits (under a region
    hub or under this page), with filters by kind and region.
    """

    intro = RichTextField(_("вступление"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    # What its page shows: site content and registrations (places left), not
    # the forum (home.page_cache).
    page_cache_areas = (CONTENT, EVENTS)
    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count = 1

    per_page = 12

    class Meta:
        verbose_name = _("список событий")
        verbose_name_plural = _("списки событий")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        when = request.GET.get("when", "upcoming")
        if when not in {"upcoming", "past"}:
            when = "upcoming"
        events = lookups.public(EventPage.objects.live()).select_related("region")
        if when == "past":
            events = events.filter(end__lt=now).order_by("-start")
        else:
            events = events.filter(end__gte=now).order_by("start")
        kind = request.GET.get("kind", "")
        if kind in EventKind.values:
            events = events.filter(kind=kind)
        else:
            kind = ""
        regions = list(lookups.regions_by_id().values())
        region_slug = request.GET.get("region", "")
        region = next((r for r in regions if r.slug == region_slug), None)
        if region:
            events = events.filter(region=region)
        events = events.annotate(
            confirmed_count=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
            )
        )

        def page_of_events():
            paginator = Paginator(events, self.per_page)
            try:
                return paginator.page(request.GET.get("page", 1))
            except (EmptyPage, PageNotAnInteger):
                return paginator.page(1)

        context.update(
            # Lazy: queried only when the template's {% fragment %} is not already rendered.
            events=SimpleLazyObject(page_of_events),
            when=when,
            kind=kind,
            kinds=EventKind.choices,
            regions=regions,
            region=region,
        )
        return context


class EventPageForm(WagtailAdminPageForm):
    """Requires a region for events that do not sit under a region hub."""

    def clean(self):
        cleaned = super().clean()
        page_path = self.instance.path or getattr(self.parent_page, "path", "")
        if hub_region_of(page_path) is None and not cleaned.get("region"):
            self.add_error(
                "region",
                _("Укажите регион: событие создаётся вне раздела региона."),
            )
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("Окончание не может быть раньше начала."))
        opens, closes = cleaned.get("registration_opens"), cleaned.get("registration_closes")
        if opens and closes and closes <= opens:
            self.add_error(
                "registration_closes", _("Регистрация должна закрываться позже, чем открывается.")
            )
        return cleaned


class EventPage(KnownRestrictionsMixin, Page):
    """A conference, internship, webinar or training with registration.

    Times are stored in UTC; pages show them in the region's time zone.
    """

    kind = models.CharField(_("вид"), max_length=20, choices=EventKind.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("регион"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        help_text=_(
            "Для событий в разделе региона заполняется автоматически; для событий "
            "в общем списке выберите регион (или межрегиональный раздел)."
        ),
    )
    summary = models.TextField(
        _("кратко"), max_length=400, blank=True, help_text=_("Одно-два предложения для списков")
    )
    body = StreamField(BodyStreamBlock(), verbose_name=_("описание"), blank=True)
    start = models.DateTimeField(
        _("начало"),
        help_text=_("Время вводится в часовом поясе вашего профиля в админке (обычно Москва)"),
    )
    end = models.DateTimeField(_("окончание"))
    venue_name = models.CharField(_("место проведения"), max_length=255, blank=True)
    venue_address = models.CharField(_("адрес"), max_length=255, blank=True)
    online_url = models.URLField(
        _("ссылка на подключение"),
        blank=True,
        help_text=_("Видна только участникам с подтверждённой регистрацией"),
    )
    host_organisation = models.CharField(
        _("принимающая организация"),
        max_length=255,
        blank=True,
        help_text=_("Для стажировок: организация, где она проходит"),
    )
    programme = StreamField([("session", SessionBlock())], verbose_name=_("программа"), blank=True)
    organiser_name = models.CharField(_("организатор: контактное лицо"), max_length=255, blank=True)
    organiser_email = models.EmailField(_("организатор: e-mail"), blank=True)
    organiser_phone = models.CharField(_("организатор: телефон"), max_length=40, blank=True)

    registration_enabled = models.BooleanField(_("регистрация на портале"), default=True)
    registration_opens = models.DateTimeField(_("регистрация открывается"), null=True, blank=True)
    registration_closes = models.DateTimeField(_("регистрация закрывается"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("число мест"), null=True, blank=True, help_text=_("Пусто — без ограничения")
    )
    waitlist_enabled = models.BooleanField(_("лист ожидания"), default=True)
    approval_required = models.BooleanField(
        _("заявки одобряет организатор"),
        default=False,
        help_text=_("Например, для стажировок: принимающая организация рассматривает заявки"),
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("напомнить за (дней)"), default=1, help_text=_("0 — не напоминать")
    )
    questions = StreamField(
        [("question", QuestionBlock())],
        verbose_name=_("вопросы анкеты"),
        blank=True,
        help_text=_("Организация, должность, регион, мотивация — что нужно организаторам"),
    )

    base_form_class = EventPageForm

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("region"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("start"), FieldPanel("end")])], heading=_("Время")
        ),
        MultiFieldPanel(
            [
                FieldPanel("venue_name"),
                FieldPanel("venue_address"),
                FieldPanel("online_url"),
                FieldPanel("host_organisation"),
            ],
            heading=_("Место"),
        ),
        FieldPanel("body"),
        FieldPanel("programme"),
        MultiFieldPanel(
            [
                FieldPanel("organiser_name"),
                FieldPanel("organiser_email"),
                FieldPanel("organiser_phone"),
            ],
            heading=_("Контакты организатора"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("registration_enabled"),
                FieldRowPanel(
                    [FieldPanel("registration_opens"), FieldPanel("registration_closes")]
                ),
                FieldPanel("capacity"),
                FieldPanel("waitlist_enabled"),
                FieldPanel("approval_required"),
                FieldPanel("reminder_days"),
                FieldPanel("questions"),
            ],
            heading=_("Регистрация"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("kind"),
        index.FilterField("start"),
    ]

    # What its page shows: site content and registrations (places left), not
    # the forum (home.page_cache).
    page_cache_areas = (CONTENT, EVENTS)
    # Rows the page always shows, loaded with it when a request is routed to it.
    route_select_related = ("region",)
    parent_page_types = ["events.EventIndexPage", "home.RegionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("событие")
        verbose_name_plural = _("события")

    # --- time -----------------------------------------------------------------

    @property
    def time_zone(self):
        return self.region.time_zone if self.region_id else DEFAULT_TIME_ZONE

    @cached_property
    def tzinfo(self):
        import zoneinfo

        return zoneinfo.ZoneInfo(self.time_zone)

    def local(self, moment):
        return timezone.localtime(moment, self.tzinfo) if moment else None

    @property
    def local_start(self):
        return self.local(self.start)

    @property
    def local_end(self):
        return self.local(self.end)

    @property
    def zone_label(self):
        return zone_label(self.time_zone, self.start)

    def _format(self, moment, fmt="j E Y, H:i"):
        from django.utils import dateformat

        return dateformat.format(self.local(moment), fmt)

    @property
    def start_display(self):
        return self._format(self.start)

    @property
    def end_display(self):
        return self._format(self.end)

    @property
    def when_display(self):
        """«12 мая 2026, 10:00–18:00 (Симферополь, UTC+3)», in the event's zone."""
        start, end = self.local_start, self.local_end
        if start.date() == end.date():
            text = f"{self._format(self.start)}–{self._format(self.end, 'H:i')}"
        else:
            text = f"{self._format(self.start)} — {self._format(self.end)}"
        return f"{text} ({self.zone_label})"

    @property
    def registration_opens_display(self):
        if not self.registration_opens:
            return ""
        return f"{self._format(self.registration_opens)} ({self.zone_label})"

    @property
    def is_past(self):
        return self.end < timezone.now()

    # --- registration window ----------------------------------------------------

    def registration_state(self, now=None):
        """One of "disabled", "not_open", "closed", "open"."""
        now = now or timezone.now()
        if not self.registration_enabled:
            return "disabled"
        if self.registration_opens and now < self.registration_opens:
            return "not_open"
        closes = self.registration_closes or self.start
        if now >= closes:
            return "closed"
        return "open"

    def next_change(self, now=None):
        """The next moment the clock alone changes what the page says (registration
        opens or closes, the event is over), or None."""
        now = now or timezone.now()
        moments = [self.registration_closes or self.start, self.end]
        if self.registration_opens:
            moments.append(self.registration_opens)
        return min((moment for moment in moments if moment > now), default=None)

    @property
    def is_online(self):
        return bool(self.online_url) and not self.venue_address

    def serve(self, request, *args, **kwargs):
        from .views import event_page

        return event_page(request, self)

    # --- search -----------------------------------------------------------------

    def search_document(self):
        sessions = " ".join(
            f"{block.value['title']} {block.value.get('speakers') or ''}"
            for block in self.programme
        )
        body_text = " ".join(
            strip_tags(str(block.render())) if block.block_type == "paragraph" else str(block.value)
            for block in self.body
            if block.block_type in {"paragraph", "heading"}
        )
        place = ", ".join(part for part in (self.venue_name, self.venue_address) if part)
        return {
            "kind": "event",
            "title": self.title,
            "summary": self.summary or place,
            "body": " ".join(
                part
                for part in (
                    self.get_kind_display(),
                    place,
                    self.host_organisation,
                    body_text,
                    sessions,
                )
                if part
            ),
            "region": self.region,
            "target_groups": [],
            "date": self.start,
        }


class ConsentKind(models.TextChoices):
    PROCESSING = "processing", _("Согласие на обработку персональных данных")
    LISTING = "listing", _("Согласие на публикацию в списке участников")
    PHOTO = "photo", _("Согласие на фото- и видеосъёмку")


class ConsentText(models.Model):
    """A version of one consent's text (152-ФЗ). Registrations record the version
    they were given under; the newest version of each kind is the current one."""

    page_cache_area = EVENTS  # a change retires event pages, not the library's

    kind = models.CharField(_("согласие"), max_length=20, choices=ConsentKind.choices)
    version = models.CharField(
        _("версия"), max_length=40, help_text=_("Например, дата утверждения: 2025-09-01")
    )
    text = RichTextField(_("текст"), features=["bold", "italic", "link", "ol", "ul"])
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)

    panels = [FieldPanel("kind"), FieldPanel("version"), FieldPanel("text")]

    class Meta:
        verbose_name = _("текст согласия")
        verbose_name_plural = _("тексты согласий")
        ordering = ["kind", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="consent_kind_version_unique")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.version}"

    @classmethod
    def current(cls, kind):
        found = cls.objects.filter(kind=kind).order_by("-created_at", "-pk").first()
        if found is not None:
            return found
        from .consents import DEFAULT_TEXTS

        version, text = DEFAULT_TEXTS[kind]
        return cls(kind=kind, version=version, text=text)


class Registration(models.Model):
    """One person's registration for one event (a member or a guest)."""

    page_cache_area = EVENTS  # places left: a change retires event pages, not the library's

    class Status(models.TextChoices):
        PENDING = "pending", _("Ожидает подтверждения")
        CONFIRMED = "confirmed", _("Подтверждена")
        WAITLISTED = "waitlisted", _("В листе ожидания")
        REJECTED = "rejected", _("Отклонена")
        CANCELLED = "cancelled", _("Отменена")

    ACTIVE_STATUSES = (Status.PENDING, Status.CONFIRMED, Status.WAITLISTED)

    event = models.ForeignKey(
        EventPage, verbose_name=_("событие"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("пользователь"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    name = models.CharField(_("имя и фамилия"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("телефон"), max_length=40, blank=True)
    answers = models.JSONField(_("ответы анкеты"), default=dict, blank=True)
    status = models.CharField(
        _("статус"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    email_confirmed_at = models.DateTimeField(_("e-mail подтверждён"), null=True, blank=True)
    created_at = models.DateTimeField(_("создана"), default=timezone.now)
    status_changed_at = models.DateTimeField(_("статус изменён"), default=timezone.now)
    waitlisted_at = models.DateTimeField(_("в листе ожидания с"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("отметка о присутствии"), null=True, blank=True)
    # When the participant left before the end (results.attendance: the share of
    # the event they were present for); empty = stayed till the end.
    checked_out_at = models.DateTimeField(_("отметка об уходе"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("напоминание отправлено"), null=True, blank=True)
    # The language the person explicitly chose with the site's switch when registering
    # ("" = none, letters in the portal's language); see home/i18n.py.
    language = models.CharField(_("язык писем"), max_length=8, blank=True, default="")

    consent_processing_version = models.CharField(
        _("согласие на обработку ПДн: версия"), max_length=40
    )
    consent_processing_at = models.DateTimeField(_("согласие на обработку ПДн: время"))
    consent_listing_version = models.CharField(
        _("согласие на список участников: версия"), max_length=40, blank=True
    )
    consent_listing_at = models.DateTimeField(
        _("согласие на список участников: время"), null=True, blank=True
    )
    consent_photo_version = models.CharField(
        _("согласие на съёмку: версия"), max_length=40, blank=True
    )
    consent_photo_at = models.DateTimeField(_("согласие на съёмку: время"), null=True, blank=True)

    class Meta:
        verbose_name = _("регистрация")
        verbose_name_plural = _("регистрации")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=Q(status__in=["pending", "confirmed", "waitlisted"]),
                name="one_active_registration_per_email",
            )
        ]
        indexes = [models.Index(fields=["event", "status"])]

    def __str__(self):
        return f"{self.name} <{self.email}> — {self.event}"

    @property
    def is_active(self):
        return self.status in self.ACTIVE_STATUSES

    @property
    def awaits_email(self):
        return self.status == self.Status.PENDING and self.email_confirmed_at is None

    @property
    def awaits_approval(self):
        return self.status == self.Status.PENDING and self.email_confirmed_at is not None

    def waitlist_place(self):
        """1 for the first on the waiting list (the order promotions follow), None
        when the registration is not waiting."""
        if self.status != self.Status.WAITLISTED or self.waitlisted_at is None:
            return None
        ahead = Registration.objects.filter(
            Q(waitlisted_at__lt=self.waitlisted_at)
            | Q(waitlisted_at=self.waitlisted_at, pk__lt=self.pk),
            event_id=self.event_id,
            status=self.Status.WAITLISTED,
        )
        return ahead.count() + 1

    def answer_list(self):
        """(question, answer) pairs in the event's current question order, then others."""
        answers = dict(self.answers or {})
        pairs = []
        for block in self.event.questions:
            label = block.value["label"]
            pairs.append((label, answers.pop(label, "")))
        pairs.extend(answers.items())
        return pairs


def questions_form_fields(event):
    """Django form fields for an event's configured questions, keyed q_<n>."""
    fields = {}
    for number, block in enumerate(event.questions):
        value = block.value
        label, required = value["label"], bool(value.get("required"))
        help_text = value.get("help_text") or ""
        if value["field_type"] == "choice":
            options = [line.strip() for line in (value.get("choices") or "").splitlines()]
            options = [option for option in options if option]
            field = forms.ChoiceField(
                label=label,
                required=required,
                help_text=help_text,
                choices=[("", "—")] + [(option, option) for option in options],
            )
        elif value["field_type"] == "textarea":
            field = forms.CharField(
                label=label,
                required=required,
                help_text=help_text,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        else:
            field = forms.CharField(
                label=label, required=required, help_text=help_text, max_length=255
            )
        fields[f"q_{number}"] = field
    return fields


def upcoming_events(region=None, limit=None):
    events = (
        lookups.public(EventPage.objects.live())
        .filter(end__gte=timezone.now())
        .select_related("region")
        .order_by("start")
    )
    if region is not None:
        events = events.filter(region=region)
    return events[:limit] if limit else events
