"""Participating organisations: СО НКО, state and municipal institutions (ГУ/МУ),
resource centres (accelerators), authorities.

An organisation belongs to a region (or, with no region, to the programme as a
whole): that region's editors keep it, through home.permissions like every
other regional object. Practices name the organisation that runs them; members
say which organisation they work in (Membership); participating organisations
send periodic reports (the `results` app).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from .text import latin_slug


class OrganisationType(models.TextChoices):
    NGO = "sonko", _("СО НКО")
    STATE = "gu", _("ГУ")
    MUNICIPAL = "mu", _("МУ")
    RESOURCE = "resource", _("Ресурсный центр (акселератор)")
    AUTHORITY = "authority", _("Орган власти")
    OTHER = "other", _("Другое")


class OrganisationQuerySet(models.QuerySet):
    def published(self):
        """What the public directory lists: approved organisations."""
        return self.filter(status=Organisation.Status.APPROVED)

    def proposed(self):
        """Members' proposals waiting for their region's moderator."""
        return self.filter(status=Organisation.Status.PROPOSED)


class Organisation(models.Model):
    """An organisation of the programme's regions; several practices may share one."""

    class Status(models.TextChoices):
        APPROVED = "approved", _("в каталоге")
        PROPOSED = "proposed", _("предложена участником, ждёт проверки")

    name = models.CharField(
        _("название"),
        max_length=255,
        unique=True,
        help_text=_("Полное или общепринятое сокращённое название организации"),
    )
    slug = models.SlugField(
        _("адрес (slug)"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_("Латиницей; если оставить пустым, составится из названия"),
    )
    org_type = models.CharField(
        _("тип организации"),
        max_length=12,
        choices=OrganisationType.choices,
        help_text=_(
            "СО НКО — некоммерческая организация; ГУ/МУ — государственное или "
            "муниципальное учреждение"
        ),
    )
    region = models.ForeignKey(
        "home.Region",
        verbose_name=_("регион"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
        help_text=_(
            "Редакторы этого региона ведут карточку организации. Без региона — "
            "организация всей программы (её меняют только администраторы)"
        ),
    )
    status = models.CharField(
        _("статус"),
        max_length=10,
        choices=Status.choices,
        default=Status.APPROVED,
        help_text=_("Организации, предложенные участниками, попадают в каталог после проверки"),
    )
    is_participant = models.BooleanField(
        _("участник программы"),
        default=False,
        help_text=_("Участники сдают периодические отчёты об услугах и получателях"),
    )
    city = models.CharField(
        _("город"), max_length=120, blank=True, help_text=_("Населённый пункт, где она работает")
    )
    description = models.TextField(
        _("об организации"), max_length=2000, blank=True, help_text=_("Несколько предложений")
    )
    services = models.ManyToManyField(
        "practices.ServiceType",
        verbose_name=_("виды услуг"),
        blank=True,
        related_name="+",
        help_text=_("Какие услуги оказывает: по ним фильтрует каталог"),
    )
    target_groups = models.ManyToManyField(
        "practices.TargetGroup",
        verbose_name=_("целевые группы"),
        blank=True,
        related_name="+",
        help_text=_("Кому помогает: по ним фильтрует каталог"),
    )
    website = models.URLField(_("сайт"), blank=True, help_text=_("Адрес сайта вместе с https://"))
    contacts = models.TextField(
        _("контакты для публикации"),
        blank=True,
        max_length=1000,
        help_text=_(
            "Телефон, e-mail, контактное лицо — только то, что организация согласилась публиковать"
        ),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("предложил(а)"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("добавлена"), auto_now_add=True, null=True)

    objects = OrganisationQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("org_type"), FieldPanel("region")]),
        FieldRowPanel([FieldPanel("status"), FieldPanel("is_participant")]),
        FieldPanel("city"),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("services"), FieldPanel("target_groups")], heading=_("Чем занимается")
        ),
        FieldPanel("website"),
        FieldPanel("contacts"),
        FieldPanel("slug"),
    ]
    api_fields = ["name", "org_type", "city", "website", "contacts"]

    class Meta:
        ordering = ["name"]
        verbose_name = _("организация")
        verbose_name_plural = _("организации")
        indexes = [models.Index(fields=["status", "region", "org_type"], name="org_directory_idx")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("organisations:detail", kwargs={"slug": self.slug})


def unique_slug(name, exclude_pk=None):
    base = latin_slug(name) or "org"
    candidate, number = base, 2
    taken = Organisation.objects.exclude(pk=exclude_pk)
    while taken.filter(slug=candidate).exists():
        candidate = f"{base}-{number}"
        number += 1
    return candidate


class Membership(models.Model):
    """The organisation a member says they work in (one per member)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("участник"),
        on_delete=models.CASCADE,
        related_name="organisation_membership",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("организация"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    is_representative = models.BooleanField(
        _("представитель организации"),
        default=False,
        help_text=_("Заполняет периодические отчёты организации. Назначает модератор региона"),
    )
    since = models.DateTimeField(_("с"), auto_now_add=True)

    # home.permissions: a membership belongs to its organisation's region.
    region_field = "organisation__region"

    class Meta:
        verbose_name = _("участник организации")
        verbose_name_plural = _("участники организаций")

    def __str__(self):
        return f"{self.user} — {self.organisation}"

    @property
    def region_id(self):
        return self.organisation.region_id
