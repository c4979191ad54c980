"""The public registration form: short, with separate (unbundled) consents."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ConsentKind, questions_form_fields


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Имя и фамилия"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("На него придёт подтверждение и ссылка для отмены"),
        max_length=254,  # Registration.email (an EmailField's varchar(254))
    )
    phone = forms.CharField(label=_("Телефон"), max_length=40, required=False)
    consent_processing = forms.BooleanField(
        label=_("Я даю согласие на обработку моих персональных данных"),
        error_messages={
            "required": _(
                "Без согласия на обработку персональных данных мы не можем принять регистрацию."
            )
        },
    )
    consent_listing = forms.BooleanField(
        label=_("Я согласен(на), чтобы моё имя было в списке участников (необязательно)"),
        required=False,
    )
    consent_photo = forms.BooleanField(
        label=_("Я согласен(на) на фото- и видеосъёмку (необязательно)"), required=False
    )

    def __init__(self, *args, event, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.question_fields = questions_form_fields(event)
        self.fields.update(self.question_fields)
        # Keep the consents last, after the event's questions.
        for key in ("consent_processing", "consent_listing", "consent_photo"):
            self.fields[key] = self.fields.pop(key)
        if user is not None and user.is_authenticated and not self.is_bound:
            self.initial.setdefault("name", user.get_full_name() or user.get_username())
            self.initial.setdefault("email", user.email)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if len(name) < 2:
            raise forms.ValidationError(_("Укажите имя и фамилию."))
        return name

    def answers(self):
        return {
            field.label: self.cleaned_data.get(key, "")
            for key, field in self.question_fields.items()
            if self.cleaned_data.get(key, "") != ""
        }

    def consents(self):
        return {
            ConsentKind.PROCESSING: self.cleaned_data.get("consent_processing", False),
            ConsentKind.LISTING: self.cleaned_data.get("consent_listing", False),
            ConsentKind.PHOTO: self.cleaned_data.get("consent_photo", False),
        }

    def question_bound_fields(self):
        return [self[key] for key in self.question_fields]


class ResendLetterForm(forms.Form):
    """«Отправить письмо ещё раз» for a registration made without an account."""

    email = forms.EmailField(label=_("Адрес электронной почты, указанный при регистрации"))
    event = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
