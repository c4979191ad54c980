"""A member's portal profile and the personal-data consents they gave.

Django's User keeps the login (the e-mail address) and password; everything a
member tells about themselves lives in Profile. The display name is mirrored
into `User.first_name` so django-machina (MACHINA_USER_DISPLAY_NAME_METHOD =
"get_full_name") shows the same name everywhere.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DELETED_MEMBER_USERNAME = "deleted-member"
DELETED_MEMBER_NAME = "удалённый участник"
# Registrations whose person was forgotten (account deleted, consent withdrawn,
# retention period over) keep a unique placeholder address in this domain.
ANONYMISED_DOMAIN = "@deleted.invalid"


class Profile(models.Model):
    class OrganisationType(models.TextChoices):
        NGO = "ngo", _("СО НКО")
        STATE = "state", _("Государственное или муниципальное учреждение")
        OTHER = "other", _("Другое")
        NONE = "none", _("Не представляю организацию")

    class Role(models.TextChoices):
        VOLUNTEER = "volunteer", _("доброволец")
        NGO_SPECIALIST = "ngo_specialist", _("специалист СО НКО")
        STATE_SPECIALIST = "state_specialist", _("специалист ГУ/МУ")
        EXPERT = "expert", _("эксперт")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("пользователь"),
        on_delete=models.CASCADE,
        related_name="profile",
    )
    display_name = models.CharField(_("имя на портале"), max_length=80)
    organisation = models.CharField(_("организация"), max_length=200, blank=True)
    organisation_type = models.CharField(
        _("тип организации"),
        max_length=20,
        choices=OrganisationType.choices,
        default=OrganisationType.NONE,
    )
    region = models.ForeignKey(
        "home.Region",
        verbose_name=_("регион"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member_profiles",
    )
    role = models.CharField(
        _("роль в программе"), max_length=20, choices=Role.choices, default=Role.VOLUNTEER
    )
    bio = models.TextField(_("о себе"), max_length=1000, blank=True)
    avatar = models.ImageField(_("фотография"), upload_to="avatars/", blank=True)
    show_in_directory = models.BooleanField(
        _("показывать мою страницу участника"),
        default=False,
        help_text=_(
            "Другие посетители увидят ваше имя, организацию, роль, регион и ваши темы "
            "форума на отдельной странице. Можно отключить в любой момент."
        ),
    )
    email_confirmed_at = models.DateTimeField(_("e-mail подтверждён"), null=True, blank=True)
    created = models.DateTimeField(_("создан"), auto_now_add=True)

    class Meta:
        verbose_name = _("профиль участника")
        verbose_name_plural = _("профили участников")

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        """Turning the member page on or off is a consent given or withdrawn: recorded
        with its date, whichever form (sign-up, profile, consents page, admin) did it."""
        shown_before = (
            Profile.objects.filter(pk=self.pk).values_list("show_in_directory", flat=True).first()
            if self.pk
            else None
        )
        super().save(*args, **kwargs)
        if bool(shown_before) != self.show_in_directory:
            Consent.record(self.user, Consent.Kind.DIRECTORY, given=self.show_in_directory)


class Consent(models.Model):
    """A consent given, kept as a separate record (152-ФЗ since 1 September 2025),
    and its withdrawal (`withdrawn_at`). Consents given with an event registration
    live on the registration; withdrawing one leaves a record here (`about` names
    the event)."""

    class Kind(models.TextChoices):
        PERSONAL_DATA = "personal_data", _("Согласие на обработку персональных данных")
        DIRECTORY = "directory", _("Согласие на показ моей страницы участника")
        FORUM_MAIL = "forum_mail", _("Письма о новых сообщениях форума (подписки)")
        EVENT_PROCESSING = (
            "event_processing",
            _("Согласие на обработку персональных данных при регистрации на событие"),
        )
        EVENT_LISTING = "event_listing", _("Согласие на публикацию в списке участников события")
        EVENT_PHOTO = "event_photo", _("Согласие на фото- и видеосъёмку на событии")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("пользователь"),
        on_delete=models.CASCADE,
        related_name="consents",
    )
    kind = models.CharField(_("вид согласия"), max_length=40, choices=Kind.choices)
    version = models.CharField(_("редакция текста"), max_length=40)
    given_at = models.DateTimeField(_("дано"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("отозвано"), null=True, blank=True)
    about = models.CharField(_("к чему относится"), max_length=255, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-адрес"), null=True, blank=True)

    class Meta:
        verbose_name = _("согласие")
        verbose_name_plural = _("согласия")
        ordering = ["-given_at"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.version})"

    @classmethod
    def record(cls, user, kind, *, given, version="", about="", given_at=None, now=None):
        """Record a consent given, or the withdrawal of the ones of this kind in force."""
        now = now or timezone.now()
        if given:
            return cls.objects.create(
                user=user, kind=kind, version=version or "—", about=about[:255], given_at=now
            )
        active = list(
            cls.objects.filter(user=user, kind=kind, withdrawn_at=None, about=about[:255])
        )
        for consent in active:
            consent.withdrawn_at = now
            consent.save(update_fields=["withdrawn_at"])
        if active:
            return active[0]
        # Given before consents of this kind were recorded: the withdrawal still is.
        return cls.objects.create(
            user=user,
            kind=kind,
            version=version or "—",
            about=about[:255],
            given_at=given_at or now,
            withdrawn_at=now,
        )
