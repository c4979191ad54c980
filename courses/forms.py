from django import forms
from django.utils.translation import gettext_lazy as _


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; type and size are checked by courses.services."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Ответ"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20_000,
    )
    files = MultipleFileField(
        label=_("Файлы"),
        required=False,
        help_text=_("PDF, DOC, DOCX, ODT, RTF, TXT, JPG или PNG"),
    )

    def __init__(self, *args, mode="both", **kwargs):
        super().__init__(*args, **kwargs)
        if mode == "text":
            del self.fields["files"]
        elif mode == "files":
            del self.fields["text"]


class FinalWorkForm(AnswerForm):
    agreed_by_name = forms.CharField(
        label=_("ФИО руководителя, с которым согласована работа"),
        max_length=200,
        error_messages={"required": _("Укажите ФИО руководителя, согласовавшего работу.")},
    )
    agreed_by_position = forms.CharField(
        label=_("Должность руководителя"),
        max_length=200,
        error_messages={"required": _("Укажите должность руководителя.")},
    )
