"""The representative's report form. Rows come as plain formsets (no row ids
are taken from the request: the rows are replaced whole on save)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from practices.models import ServiceType, TargetGroup

MAX_FIGURE = 10_000_000


def _number(label):
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_FIGURE,
        initial=0,
        error_messages={
            "min_value": _("Число не может быть отрицательным."),
            "max_value": _("Слишком большое число: проверьте его."),
            "invalid": _("Введите целое число."),
        },
    )


class ReportFiguresForm(forms.Form):
    volunteers_active = _number(_("Активных добровольцев за период"))
    volunteers_new = _number(_("Из них новых добровольцев"))
    events_held = _number(_("Проведено мероприятий"))
    notes = forms.CharField(
        label=_("Пояснения"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, target_groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.target_groups = list(target_groups)
        for group in self.target_groups:
            field = _number(_("Получателей услуг: %(group)s (человек)") % {"group": group.name})
            field.required = False
            self.fields[f"recipients_{group.slug}"] = field

    def clean(self):
        cleaned = super().clean()
        active, new = cleaned.get("volunteers_active"), cleaned.get("volunteers_new")
        if active is not None and new is not None and new > active:
            self.add_error(
                "volunteers_new", _("Новых добровольцев не может быть больше, чем активных.")
            )
        return cleaned

    def recipient_rows(self):
        return [
            (group, self.cleaned_data.get(f"recipients_{group.slug}") or 0)
            for group in self.target_groups
            if self.cleaned_data.get(f"recipients_{group.slug}")
        ]

    def figures(self):
        return {
            key: self.cleaned_data[key]
            for key in ("volunteers_active", "volunteers_new", "events_held", "notes")
        }


class ServiceRowForm(forms.Form):
    service_type = forms.ModelChoiceField(
        label=_("Вид услуги"),
        queryset=ServiceType.objects.all(),
        required=False,
        error_messages={"invalid_choice": _("Выберите вид услуги из списка.")},
    )
    target_group = forms.ModelChoiceField(
        label=_("Целевая группа"),
        queryset=TargetGroup.objects.all(),
        required=False,
        error_messages={"invalid_choice": _("Выберите целевую группу из списка.")},
    )
    hours = _number(_("Часов"))
    cases = _number(_("Случаев оказания"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hours"].required = False
        self.fields["cases"].required = False

    def clean(self):
        cleaned = super().clean()
        service, target = cleaned.get("service_type"), cleaned.get("target_group")
        figures = (cleaned.get("hours") or 0) + (cleaned.get("cases") or 0)
        if (service or target or figures) and not (service and target):
            raise forms.ValidationError(_("Укажите и вид услуги, и целевую группу."))
        return cleaned


class BaseServiceRowFormSet(forms.BaseFormSet):
    def clean(self):
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data"):
                continue
            key = (form.cleaned_data.get("service_type"), form.cleaned_data.get("target_group"))
            if None in key:
                continue
            if key in seen:
                raise forms.ValidationError(
                    _("Строка «%(service)s — %(target)s» повторяется: сложите их в одну.")
                    % {"service": key[0], "target": key[1]}
                )
            seen.add(key)

    def rows(self):
        return [
            (
                form.cleaned_data["service_type"],
                form.cleaned_data["target_group"],
                form.cleaned_data.get("hours") or 0,
                form.cleaned_data.get("cases") or 0,
            )
            for form in self.forms
            if form.cleaned_data.get("service_type") and form.cleaned_data.get("target_group")
        ]


ServiceRowFormSet = forms.formset_factory(
    ServiceRowForm,
    formset=BaseServiceRowFormSet,
    extra=0,
    max_num=60,
    absolute_max=60,
    validate_max=True,
)


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Комментарий для организации"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
