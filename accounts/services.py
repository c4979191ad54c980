"""Sign-up, e-mail confirmation and account deletion."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from home.i18n import letter_language

from .models import DELETED_MEMBER_NAME, DELETED_MEMBER_USERNAME, Consent, Profile

CONFIRM_SALT = "accounts.confirm-email"


class ConfirmationFailed(Exception):
    pass


@transaction.atomic
def register(form, ip_address=None, language=""):
    """Create an inactive member from a valid SignUpForm, record the consent, mail the link."""
    data = form.cleaned_data
    users = get_user_model().objects
    existing = (
        users.filter(username__iexact=data["email"]) | users.filter(email__iexact=data["email"])
    ).first()
    if existing is not None:
        # The same answer as a new sign-up; the letter tells the owner (issue 17:
        # sign-up said whether an address was registered).
        transaction.on_commit(lambda: send_already_registered(existing, language))
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
    transaction.on_commit(lambda: send_confirmation(user, language))
    return user


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


def send_already_registered(user, language=""):
    with translation.override(letter_language(stored=language)):
        link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("accounts:password_reset")
        send_mail(
            _("Попытка регистрации с вашим адресом"),
            render_to_string("accounts/email/already_registered.txt", {"user": user, "link": link}),
            None,
            [user.email],
        )


def send_confirmation(user, language=""):
    with translation.override(letter_language(stored=language)):
        _send_confirmation(user)


def _send_confirmation(user):
    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "accounts:confirm", kwargs={"token": confirmation_token(user)}
    )
    send_mail(
        _("Подтвердите адрес электронной почты"),
        render_to_string("accounts/email/confirm.txt", {"user": user, "link": link}),
        None,
        [user.email],
    )


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
    user.is_active = True
    user.save(update_fields=["is_active"])
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
    Post.objects.filter(poster=user).update(poster=ghost)
    Post.objects.filter(updated_by=user).update(updated_by=ghost)
    Topic.objects.filter(poster=user).update(poster=ghost)
    profile = Profile.objects.filter(user=user).first()
    if profile and profile.avatar:
        profile.avatar.delete(save=False)
    user.delete()
