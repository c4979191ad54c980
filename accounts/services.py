"""Sign-up, e-mail confirmation and account deletion."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from background import links
from background.mail import queue_mail
from home.i18n import letter_language
from home.page_cache import bulk_changes

from .models import (
    ANONYMISED_DOMAIN,
    DELETED_MEMBER_NAME,
    DELETED_MEMBER_USERNAME,
    Consent,
    Profile,
)

CONFIRM_SALT = "accounts.confirm-email"


class ConfirmationFailed(Exception):
    pass


@transaction.atomic
def register(form, ip_address=None, language=""):
    """Create an inactive member from a valid SignUpForm, record the consent and
    queue the letter with the link, all in one transaction."""
    data = form.cleaned_data
    users = get_user_model().objects
    existing = registered_member(data["email"])
    if existing is not None:
        # The same answer as a new sign-up; the letter tells the owner (issue 17:
        # sign-up said whether an address was registered).
        send_signup_letter(existing, language)
        # As long as a new sign-up takes: its password is hashed too, so the time
        # of the answer does not tell either.
        make_password(data["password1"])
        return None
    user = users.create_user(
        username=data["email"],
        email=data["email"],
        password=data["password1"],
        first_name=data["display_name"],
        is_active=False,
    )
    form.instance.user = user
    form.save()
    Consent.objects.create(
        user=user,
        kind=Consent.Kind.PERSONAL_DATA,
        version=settings.ACCOUNTS_CONSENT_VERSION,
        ip_address=ip_address,
    )
    send_confirmation(user, language)
    return user


def registered_member(email):
    """The account holding this address (as login or e-mail), or None."""
    users = get_user_model().objects
    return (users.filter(username__iexact=email) | users.filter(email__iexact=email)).first()


def _account_state(user):
    """What a confirmation link is bound to: the address and the account's state.
    Once the account is confirmed, or deactivated after it, the state differs and
    every earlier link is dead; the link shows neither the address nor the state."""
    profile = Profile.objects.filter(user=user).first()
    confirmed = (
        profile.email_confirmed_at.isoformat() if profile and profile.email_confirmed_at else ""
    )
    state = f"{user.email}|{user.is_active}|{confirmed}"
    return salted_hmac(CONFIRM_SALT, state).hexdigest()[:20]


def confirmation_token(user):
    return signing.dumps({"u": user.pk, "s": _account_state(user)}, salt=CONFIRM_SALT)


def signup_letter_about(user):
    """The letter a sign-up with this account's address sends: the confirmation
    link while the account waits for it, otherwise «у вас уже есть учётная запись»."""
    if unconfirmed_member(user.email) == user:
        return confirmation_letter_about(user)
    return f"accounts.already_registered:{user.pk}"


def send_signup_letter(user, language=""):
    """Queue that letter (at most one per OUTBOX_RESEND_SECONDS); returns the
    seconds to wait if it is too soon, like `resend_confirmation`."""
    from background.mail import wait_before_resend

    about = signup_letter_about(user)
    wait = wait_before_resend(about)
    if wait:
        return wait
    if about == confirmation_letter_about(user):
        send_confirmation(user, language)
    else:
        send_already_registered(user, language)
    return 0


def send_already_registered(user, language=""):
    with translation.override(letter_language(stored=language)):
        link = links.absolute(reverse("accounts:password_reset"))
        return queue_mail(
            _("Попытка регистрации с вашим адресом"),
            render_to_string("accounts/email/already_registered.txt", {"user": user, "link": link}),
            [user.email],
            kind="accounts.already_registered",
            about=f"accounts.already_registered:{user.pk}",
        )


def send_confirmation(user, language=""):
    with translation.override(letter_language(stored=language)):
        return _send_confirmation(user)


def confirmation_letter_about(user):
    return f"accounts.confirm:{user.pk}"


def _send_confirmation(user):
    link = links.absolute(reverse("accounts:confirm", kwargs={"token": confirmation_token(user)}))
    return queue_mail(
        _("Подтвердите адрес электронной почты"),
        render_to_string("accounts/email/confirm.txt", {"user": user, "link": link}),
        [user.email],
        kind="accounts.confirm",
        about=confirmation_letter_about(user),
    )


def unconfirmed_member(email):
    """The account waiting for its e-mail confirmation under this address, or None."""
    email = (email or "").strip().lower()
    if not email:
        return None
    return (
        get_user_model()
        .objects.filter(email__iexact=email, is_active=False, profile__email_confirmed_at=None)
        .exclude(username=DELETED_MEMBER_USERNAME)
        .first()
    )


def resend_confirmation(user, language=""):
    """Queue the confirmation letter again; returns the seconds to wait if it is too soon."""
    from background.mail import wait_before_resend

    wait = wait_before_resend(confirmation_letter_about(user))
    if wait:
        return wait
    send_confirmation(user, language)
    return 0


def confirmation_user(token):
    """The account a confirmation link is for, if the link still holds; changes
    nothing (the page the link opens calls it on GET)."""
    try:
        data = signing.loads(
            token, salt=CONFIRM_SALT, max_age=settings.ACCOUNTS_CONFIRMATION_MAX_AGE
        )
    except signing.SignatureExpired as error:
        raise ConfirmationFailed(
            _("Срок действия ссылки истёк. Зарегистрируйтесь ещё раз.")
        ) from error
    except signing.BadSignature as error:
        raise ConfirmationFailed(
            _("Ссылка повреждена. Скопируйте её из письма целиком.")
        ) from error
    user = (
        get_user_model().objects.filter(pk=data.get("u")).first()
        if isinstance(data, dict)
        else None
    )
    if user is None or not constant_time_compare(data.get("s", ""), _account_state(user)):
        # Used already, the account deactivated since, or the address changed.
        raise ConfirmationFailed(
            _(
                "Ссылка уже использована или больше не действует. Если адрес уже подтверждён, войдите."
            )
        )
    return user


def confirm_email(token):
    user = confirmation_user(token)
    user.is_active = True
    user.save(update_fields=["is_active"])
    with bulk_changes():
        Profile.objects.filter(user=user).update(email_confirmed_at=timezone.now())
    return user


def deleted_member():
    """The placeholder author of posts whose members deleted their accounts."""
    User = get_user_model()
    ghost, created = User.objects.get_or_create(
        username=DELETED_MEMBER_USERNAME,
        defaults={"first_name": DELETED_MEMBER_NAME, "is_active": False},
    )
    if created:
        ghost.set_unusable_password()
        ghost.save()
    return ghost


@transaction.atomic
def delete_account(user):
    """Delete a member and their personal data; their posts stay, by «удалённый участник».
    Future event registrations are cancelled, all of them anonymised, course answer
    files removed from the disk, quotes of their posts renamed."""
    from machina.apps.forum_conversation.models import Post, Topic

    ghost = deleted_member()
    _forget_event_registrations(user)
    _delete_answer_files(user)
    _replace_name_in_quotes(user)
    with bulk_changes():
        Post.objects.filter(poster=user).update(poster=ghost)
        Post.objects.filter(updated_by=user).update(updated_by=ghost)
        Topic.objects.filter(poster=user).update(poster=ghost)
    profile = Profile.objects.filter(user=user).first()
    if profile and profile.avatar:
        profile.avatar.delete(save=False)
    user.delete()


def expire_unconfirmed_members(now=None):
    """The scheduled job: sign-ups never confirmed while their link was valid are
    deleted with their profile and consent, so the address can sign up again.
    Idempotent; accounts deactivated after a confirmation are never touched."""
    import datetime

    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.ACCOUNTS_CONFIRMATION_MAX_AGE)
    stale = (
        get_user_model()
        .objects.filter(
            is_active=False,
            is_staff=False,
            is_superuser=False,
            last_login__isnull=True,
            date_joined__lt=cutoff,
            profile__isnull=False,
            profile__email_confirmed_at__isnull=True,
        )
        .exclude(username=DELETED_MEMBER_USERNAME)
    )
    count = 0
    for user in stale:
        delete_account(user)
        count += 1
    return count


def _forget_event_registrations(user):
    """Future registrations are cancelled (the place goes to the waiting list, no
    more reminders); every registration of the member, past ones included, keeps
    only its event, status and times (issue 17, 152-ФЗ)."""
    from django.db.models import Q

    from events import services as event_services
    from events.models import Registration

    # Guest registrations under the member's address are theirs only once the member
    # proved the address (an account is activated by its confirmation link): an
    # unconfirmed sign-up with someone else's e-mail must not cancel that person's
    # registrations when it is deleted or expires.
    confirmed = (
        user.is_active
        or Profile.objects.filter(user=user, email_confirmed_at__isnull=False).exists()
    )
    by_address = Q(email__iexact=user.email) if confirmed and user.email else Q(pk__in=[])
    mine = Registration.objects.filter(Q(user=user) | by_address)
    now = timezone.now()
    for registration in mine.select_related("event").filter(
        status__in=Registration.ACTIVE_STATUSES, event__start__gt=now
    ):
        try:
            event_services.cancel(registration)
        except event_services.RegistrationError:
            pass  # cancelled meanwhile
    anonymise_registrations(mine)


def anonymise_registrations(registrations, name=DELETED_MEMBER_NAME):
    """Keep only the event, status and times of these registrations (counts stay
    right): the person's name, address, phone and answers go. Returns how many."""
    from events.models import Registration

    pks = list(
        registrations.exclude(email__endswith=ANONYMISED_DOMAIN).values_list("pk", flat=True)
    )
    with bulk_changes():
        for pk in pks:
            Registration.objects.filter(pk=pk).update(
                user=None,
                name=name,
                email=f"deleted-{pk}{ANONYMISED_DOMAIN}",
                phone="",
                answers={},
                language="",
            )
    return len(pks)


def _delete_answer_files(user):
    """Course answers' files go from the disk (their rows go with the account)."""
    from courses.models import SubmissionFile

    for item in SubmissionFile.objects.filter(submission__enrolment__user=user):
        item.file.delete(save=False)


def _replace_name_in_quotes(user):
    """Other members' quotes of the member's posts name «удалённый участник»."""
    from machina.apps.forum_conversation.models import Post

    from forum.services import display_name

    name = display_name(user)
    pairs = set()
    for language in ("ru", "en"):
        with translation.override(language):
            header = _("%(name)s писал(а):")
            pairs.add((header % {"name": name}, header % {"name": DELETED_MEMBER_NAME}))
    for post in Post.objects.filter(content__contains=f"**{name} "):
        raw = post.content.raw
        for old, new in pairs:
            raw = raw.replace(f"**{old}**", f"**{new}**")
        if raw != post.content.raw:
            post.content = raw
            post.save()
