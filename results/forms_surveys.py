from django import forms
from django.utils.translation import gettext_lazy as _

from home.permissions import allowed
from home.regional_admin import RegionalAdminForm

from .models import SurveyQuestion

SCALE = [(str(n), str(n)) for n in range(1, 6)]


class SurveyAdminForm(RegionalAdminForm):
    """Organisers attach surveys only to events and courses they may edit."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        if user is None or user.is_superuser:
            return
        for name in ("event", "course"):
            field = self.fields.get(name)
            if field is not None:
                field.queryset = allowed(user, "edit", field.queryset.model.objects.all())


class SurveyAnswerForm(forms.Form):
    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        for question in survey.questions.all():
            name = f"q{question.pk}"
            if question.kind == SurveyQuestion.Kind.SCALE:
                self.fields[name] = forms.ChoiceField(
                    label=question.text,
                    choices=SCALE,
                    required=question.required,
                    widget=forms.RadioSelect,
                    help_text=_("1 — плохо, 5 — отлично"),
                    error_messages={
                        "required": _("Выберите оценку от 1 до 5."),
                        "invalid_choice": _("Выберите оценку от 1 до 5."),
                    },
                )
            else:
                self.fields[name] = forms.CharField(
                    label=question.text,
                    required=question.required,
                    max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )

    def answers(self):
        return {
            name[1:]: value for name, value in self.cleaned_data.items() if value not in ("", None)
        }
