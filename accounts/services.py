"""Sign-up, e-mail confirmation and account deletion."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from background import links
from background.mail import queue_mail
from home.i18n import letter_language
from home.page_cache import bulk_changes

from .models import DELETED_MEMBER_NAME, DELETED_MEMBER_USERNAME, Consent, Profile

CONFIRM_SALT = "accounts.confirm-email"


class ConfirmationFailed(Exception):
    pass


@transaction.atomic
def register(form, ip_address=None, language=""):
    """Create an inactive member from a valid SignUpForm, record the consent and
    queue the letter with the link, all in one transaction."""
    data = form.cleaned_data
    user = get_user_model().objects.create_user(
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


def confirmation_token(user):
    return signing.dumps({"u": user.pk, "e": user.email}, salt=CONFIRM_SALT)


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


def confirm_email(token):
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
    user = get_user_model().objects.filter(pk=data.get("u"), email=data.get("e")).first()
    if user is None:
        raise ConfirmationFailed(_("Учётная запись не найдена."))
    if not user.is_active:
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
    """Delete a member and their personal data; their posts stay, by «удалённый участник»."""
    from machina.apps.forum_conversation.models import Post, Topic

    ghost = deleted_member()
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
