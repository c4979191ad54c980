"""Sign-up and profile forms, with the avatar checked and resized by Pillow."""

import io
import secrets

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from PIL import Image, UnidentifiedImageError

from home.i18n import letter_language
from home.models import Region
from home.uploads import image_size
from organisations import services as organisation_services
from organisations.models import Membership, Organisation, OrganisationType

from .models import Profile

PROFILE_FIELDS = [
    "display_name", "organisation", "organisation_type", "region", "role", "bio",
    "show_in_directory",
]  # fmt: skip


def process_avatar(upload):
    """Check an uploaded picture and return it as a square JPEG of at most 256 px."""
    if upload.size > settings.ACCOUNTS_AVATAR_MAX_SIZE:
        raise forms.ValidationError(
            _("Фотография слишком большая: допускается не больше %(mb)s МБ.")
            % {"mb": settings.ACCOUNTS_AVATAR_MAX_SIZE // (1024 * 1024)}
        )
    # Dimensions from the header, before anything is decoded (image bombs).
    image_size(upload, settings.ACCOUNTS_AVATAR_MAX_PIXELS)
    try:
        with Image.open(upload) as probe:
            probe.verify()
        upload.seek(0)
        picture = Image.open(upload)
        picture.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise forms.ValidationError(
            _(
                "Не удалось прочитать изображение. Загрузите фотографию в формате JPEG, PNG или WebP."
            )
        ) from error
    if picture.format not in {"JPEG", "PNG", "WEBP", "GIF"}:
        raise forms.ValidationError(_("Загрузите фотографию в формате JPEG, PNG или WebP."))
    picture = picture.convert("RGB")
    side = min(picture.size)
    left, top = (picture.width - side) // 2, (picture.height - side) // 2
    picture = picture.crop((left, top, left + side, top + side))
    size = settings.ACCOUNTS_AVATAR_DIMENSION
    picture.thumbnail((size, size))
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=85)
    buffer.seek(0)
    return InMemoryUploadedFile(
        buffer, "avatar", "avatar.jpg", "image/jpeg", buffer.getbuffer().nbytes, None
    )


class ProfileForm(forms.ModelForm):
    """What a member tells about themselves, with their organisation picked from
    the directory (organisations.Membership) or proposed for it: a proposal
    waits for the region's moderator, who sets it «в каталоге»."""

    directory_organisation = forms.ModelChoiceField(
        label=_("Организация из каталога"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("— не выбрана —"),
        help_text=_("Выберите, где вы работаете или добровольничаете"),
        error_messages={"invalid_choice": _("Выберите организацию из списка.")},
    )
    propose_organisation = forms.BooleanField(
        label=_("Моей организации нет в каталоге: предложить её модератору региона"),
        required=False,
        help_text=_(
            "Впишите её название выше и укажите регион и тип: после проверки она "
            "появится в каталоге"
        ),
    )
    proposed_type = forms.ChoiceField(
        label=_("Тип предлагаемой организации"),
        required=False,
        choices=[("", _("— выберите —"))]
        + [
            (value, label)
            for value, label in OrganisationType.choices
            if value != OrganisationType.AUTHORITY
        ],
    )

    # A plain FileField: the size is checked before Pillow opens anything
    # (process_avatar), which an ImageField would do first.
    avatar = forms.FileField(
        label=_("Фотография"),
        required=False,
        help_text=_("JPEG, PNG или WebP, до 3 МБ. Мы уменьшим её до 256×256."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = Profile
        fields = PROFILE_FIELDS
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.regional()
        self.fields["region"].empty_label = _("— не выбран —")
        self.fields["organisation"].label = _("Название организации")
        self.fields["organisation"].help_text = _(
            "Как её называть в вашем профиле; для новой организации — полное название"
        )
        user_id = self.instance.user_id
        membership = (
            Membership.objects.filter(user_id=user_id).select_related("organisation").first()
            if user_id
            else None
        )
        self.membership = membership
        # The directory, plus the member's own proposal while it waits for the moderator.
        listed = Q(status=Organisation.Status.APPROVED)
        if membership is not None:
            listed |= Q(pk=membership.organisation_id)
        self.fields["directory_organisation"].queryset = (
            Organisation.objects.filter(listed).select_related("region").order_by("name")
        )
        if membership is not None and not self.is_bound:
            self.initial["directory_organisation"] = membership.organisation_id
        fields = list(self.fields)
        fields.remove("directory_organisation")
        fields.insert(fields.index("organisation"), "directory_organisation")
        for name in ("proposed_type", "propose_organisation"):
            fields.remove(name)
            fields.insert(fields.index("organisation") + 1, name)
        self.order_fields(fields)

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("directory_organisation")
        if not cleaned.get("propose_organisation"):
            return cleaned
        if chosen is not None:
            self.add_error(
                "propose_organisation",
                _("Выберите организацию из каталога или предложите новую, не то и другое."),
            )
            return cleaned
        name = (cleaned.get("organisation") or "").strip()
        if not name:
            self.add_error("organisation", _("Впишите название предлагаемой организации."))
        elif organisation_services.named(name, Organisation.objects.published()):
            self.add_error(
                "organisation",
                _("Такая организация уже есть в каталоге: выберите её из списка."),
            )
        elif cleaned.get("region") and organisation_services.named(
            name, Organisation.objects.proposed().exclude(region=cleaned["region"])
        ):
            # Names are unique across the programme: the member would else join a
            # proposal of another region.
            self.add_error(
                "organisation",
                _(
                    "Организацию с таким названием уже предложили в другом регионе: "
                    "уточните название, например добавьте город или район."
                ),
            )
        if not cleaned.get("region"):
            self.add_error("region", _("Укажите регион предлагаемой организации."))
        if not cleaned.get("proposed_type"):
            self.add_error("proposed_type", _("Укажите тип предлагаемой организации."))
        return cleaned

    def clean_avatar(self):
        upload = self.cleaned_data.get("avatar")
        if not upload or not hasattr(upload, "size") or upload is self.initial.get("avatar"):
            return None
        return process_avatar(upload)

    def save(self, commit=True):
        profile = super().save(commit=False)
        avatar = self.cleaned_data.get("avatar")
        if avatar:
            if profile.avatar:
                profile.avatar.delete(save=False)
            profile.avatar.save(f"{secrets.token_urlsafe(12)}.jpg", avatar, save=False)
        chosen = self.cleaned_data.get("directory_organisation")
        if chosen is not None:
            profile.organisation = chosen.name[: Profile._meta.get_field("organisation").max_length]
        if commit:
            profile.save()
            user = profile.user
            user.first_name, user.last_name = profile.display_name, ""
            user.save(update_fields=["first_name", "last_name"])
            self.save_membership(user)
        return profile

    def save_membership(self, user):
        data = self.cleaned_data
        if data.get("propose_organisation"):
            organisation_services.propose_named(
                user, data["organisation"].strip(), data["proposed_type"], data["region"]
            )
        elif data.get("directory_organisation") is not None:
            organisation_services.join(user, data["directory_organisation"])
        elif self.membership is not None:
            organisation_services.leave(user)


class SignUpForm(ProfileForm):
    # The address is also the login: User.username holds at most 150 characters.
    email = forms.EmailField(label=_("Адрес электронной почты"), max_length=150)
    password1 = forms.CharField(label=_("Пароль"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("Пароль ещё раз"), widget=forms.PasswordInput, strip=False)
    personal_data_consent = forms.BooleanField(
        label=_(
            "Я даю согласие на обработку моих персональных данных (имя, e-mail, организация, "
            "регион) оператором портала для участия в сообществе программы"
        ),
        required=True,
        error_messages={
            "required": _("Без согласия на обработку персональных данных регистрация невозможна.")
        },
    )

    class Meta(ProfileForm.Meta):
        fields = ["email", "password1", "password2", *PROFILE_FIELDS]

    def clean_email(self):
        # An address already registered is not an error here: the page would tell
        # anyone whether it is. accounts.services.register writes to its owner instead.
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Пароли не совпадают."))
        elif first:
            candidate = get_user_model()(
                username=cleaned.get("email", ""), email=cleaned.get("email", "")
            )
            try:
                password_validation.validate_password(first, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class EmailAuthenticationForm(AuthenticationForm):
    """Log in with the e-mail address given at sign-up."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Адрес электронной почты")

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()


class DeleteAccountForm(forms.Form):
    password = forms.CharField(label=_("Ваш пароль"), widget=forms.PasswordInput, strip=False)

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Пароль неверный."))
        return password


class ResendForm(forms.Form):
    email = forms.EmailField(label=_("Адрес электронной почты"))


class LetterLanguagePasswordResetForm(PasswordResetForm):
    """Django's reset form, sending its letter in the language of home/i18n.py's rule
    (the switch's explicit choice, else Russian) rather than the browser's guess."""

    def save(self, *args, request=None, **kwargs):
        with translation.override(letter_language(request)):
            return super().save(*args, request=request, **kwargs)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        """Through the outbox like every letter: the worker sends it and retries."""
        from django.template import loader
        from django.urls import reverse

        from background import links
        from background.mail import queue_mail

        # On the Site the request matched, not on the Host header the visitor sent.
        context["reset_url"] = links.absolute(
            reverse(
                "accounts:password_reset_confirm",
                kwargs={"uidb64": context["uid"], "token": context["token"]},
            )
        )
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        html = (
            loader.render_to_string(html_email_template_name, context)
            if html_email_template_name
            else None
        )
        queue_mail(
            subject,
            body,
            [to_email],
            from_email=from_email,
            html=html,
            kind="accounts.password_reset",
            about=f"accounts.password_reset:{context['user'].pk}",
        )
