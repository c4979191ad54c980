"""«Мои согласия»: every consent a member has given, and its withdrawal.

Consents live where they were given: the processing consent of the sign-up and
the member-page opt-in as `Consent` rows, the three consents of each event
registration on the registration, the forum letters as the member's
subscriptions. `given(user)` lists those in force; `withdraw(user, key)` takes
one back and records the withdrawal (a `Consent` row with `withdrawn_at`).

Keys name what is withdrawn: "directory", "forum_mail", "account" and
"registration:<id>:<processing|listing|photo>"; a registration's id is looked up
among the member's own registrations only.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import ANONYMISED_DOMAIN, Consent, Profile


class UnknownConsent(Exception):
    """The key names no consent of this member in force."""


def member_registrations(user):
    """The member's event registrations: by account, and by the account's address
    once the member proved it (an active account; the cabinet's rule)."""
    from events.models import Registration

    query = Q(user=user)
    if user.email and user.is_active:
        # Someone else's registration typed with this address is not the member's
        # until its address was confirmed from the letter.
        query |= Q(email__iexact=user.email.strip(), email_confirmed_at__isnull=False) & (
            Q(user=None) | Q(user=user)
        )
    return (
        Registration.objects.filter(query)
        .exclude(email__endswith=ANONYMISED_DOMAIN)
        .select_related("event")
    )


class Item:
    """One consent in force, as the consents page shows it."""

    def __init__(self, key, title, given_at, version="", about="", effect=""):
        self.key = key
        self.title = title
        self.given_at = given_at
        self.version = version
        self.about = about
        self.effect = effect


def _account_items(user):
    consent = (
        Consent.objects.filter(user=user, kind=Consent.Kind.PERSONAL_DATA, withdrawn_at=None)
        .order_by("-given_at")
        .first()
    )
    if consent is None:
        return []
    return [
        Item(
            "account",
            consent.get_kind_display(),
            consent.given_at,
            consent.version,
            effect=_(
                "Без этого согласия мы не можем хранить вашу учётную запись: отзыв "
                "согласия означает удаление учётной записи и ваших данных."
            ),
        )
    ]


def _directory_items(user):
    profile = Profile.objects.filter(user=user).first()
    if profile is None or not profile.show_in_directory:
        return []
    consent = (
        Consent.objects.filter(user=user, kind=Consent.Kind.DIRECTORY, withdrawn_at=None)
        .order_by("-given_at")
        .first()
    )
    return [
        Item(
            "directory",
            Consent.Kind.DIRECTORY.label,
            consent.given_at if consent else None,
            consent.version if consent else "",
            effect=_(
                "Ваша страница участника сразу перестанет открываться для других, а ваше "
                "имя на форуме перестанет быть ссылкой на неё."
            ),
        )
    ]


def _forum_mail_items(user):
    from machina.apps.forum_conversation.models import Topic

    from forum_extras.models import ForumSubscription

    topics = Topic.objects.filter(subscribers=user).count()
    forums = list(ForumSubscription.objects.filter(user=user).order_by("created"))
    if not topics and not forums:
        return []
    parts = []
    if forums:
        parts.append(
            ngettext("%(count)s раздел", "%(count)s разделов", len(forums)) % {"count": len(forums)}
        )
    if topics:
        parts.append(ngettext("%(count)s тема", "%(count)s тем", topics) % {"count": topics})
    return [
        Item(
            "forum_mail",
            Consent.Kind.FORUM_MAIL.label,
            forums[0].created if forums else None,
            about=_("Подписки: %(list)s") % {"list": ", ".join(parts)},
            effect=_(
                "Мы отменим все ваши подписки на темы и разделы форума, и письма о новых "
                "сообщениях больше не придут."
            ),
        )
    ]


def _registration_items(user):
    items = []
    now = timezone.now()
    for registration in member_registrations(user).order_by("-event__start", "-pk"):
        event = registration.event
        upcoming = registration.is_active and event.start > now
        items.append(
            Item(
                f"registration:{registration.pk}:processing",
                Consent.Kind.EVENT_PROCESSING.label,
                registration.consent_processing_at,
                registration.consent_processing_version,
                about=event.title,
                effect=(
                    _(
                        "Ваша регистрация на это событие будет отменена, а имя, e-mail, "
                        "телефон и ответы анкеты в ней — удалены."
                    )
                    if upcoming
                    else _("Имя, e-mail, телефон и ответы анкеты в этой регистрации будут удалены.")
                ),
            )
        )
        if registration.consent_listing_at:
            items.append(
                Item(
                    f"registration:{registration.pk}:listing",
                    Consent.Kind.EVENT_LISTING.label,
                    registration.consent_listing_at,
                    registration.consent_listing_version,
                    about=event.title,
                    effect=_("Организаторы не будут включать вас в публикуемый список участников."),
                )
            )
        if registration.consent_photo_at:
            items.append(
                Item(
                    f"registration:{registration.pk}:photo",
                    Consent.Kind.EVENT_PHOTO.label,
                    registration.consent_photo_at,
                    registration.consent_photo_version,
                    about=event.title,
                    effect=_(
                        "Организаторы будут знать, что вас нельзя снимать и публиковать "
                        "снимки с вами."
                    ),
                )
            )
    return items


def given(user):
    """The member's consents in force, the account's first."""
    return (
        _account_items(user)
        + _directory_items(user)
        + _forum_mail_items(user)
        + _registration_items(user)
    )


def withdrawn(user):
    return list(
        Consent.objects.filter(user=user, withdrawn_at__isnull=False).order_by("-withdrawn_at")
    )


def find(user, key):
    """The item in force under `key`, or UnknownConsent."""
    for item in given(user):
        if item.key == key:
            return item
    raise UnknownConsent(key)


@transaction.atomic
def withdraw(user, key, now=None):
    """Withdraw the consent `key` and record it; returns the Item withdrawn.
    "account" is withdrawn by deleting the account (accounts:delete), not here."""
    now = now or timezone.now()
    item = find(user, key)
    if key == "account":
        raise UnknownConsent(key)
    if key == "directory":
        profile = Profile.objects.select_for_update().get(user=user)
        profile.show_in_directory = False
        profile.save()  # records the withdrawal; the save retires cached pages
    elif key == "forum_mail":
        _unsubscribe_everything(user)
        Consent.record(user, Consent.Kind.FORUM_MAIL, given=False, given_at=item.given_at, now=now)
    else:
        _withdraw_registration_consent(user, key, item, now)
    return item


def _unsubscribe_everything(user):
    from machina.apps.forum_conversation.models import Topic

    from forum_extras.models import ForumSubscription

    for topic in Topic.objects.filter(subscribers=user):
        topic.subscribers.remove(user)
    for subscription in ForumSubscription.objects.filter(user=user):
        subscription.delete()


def _withdraw_registration_consent(user, key, item, now):
    from events.models import Registration

    _, pk, which = key.split(":")
    registration = member_registrations(user).select_for_update(of=("self",)).get(pk=int(pk))
    kind = {
        "processing": Consent.Kind.EVENT_PROCESSING,
        "listing": Consent.Kind.EVENT_LISTING,
        "photo": Consent.Kind.EVENT_PHOTO,
    }[which]
    Consent.objects.create(
        user=user,
        kind=kind,
        version=item.version or "—",
        about=registration.event.title[:255],
        given_at=item.given_at or now,
        withdrawn_at=now,
    )
    if which == "listing":
        registration.consent_listing_version, registration.consent_listing_at = "", None
        registration.save(update_fields=["consent_listing_version", "consent_listing_at"])
    elif which == "photo":
        registration.consent_photo_version, registration.consent_photo_at = "", None
        registration.save(update_fields=["consent_photo_version", "consent_photo_at"])
    else:
        from events import services as event_services

        if registration.is_active and registration.event.start > now:
            try:
                event_services.cancel(registration)
            except event_services.RegistrationError:
                pass  # cancelled meanwhile
        from .services import anonymise_registrations

        anonymise_registrations(Registration.objects.filter(pk=registration.pk))
