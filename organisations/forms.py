from django import forms
from django.utils.translation import gettext_lazy as _

from home.models import Region

from .models import Organisation, OrganisationType


class ChooseOrganisationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Организация из каталога"),
        queryset=Organisation.objects.published().select_related("region"),
        empty_label=_("— выберите —"),
        error_messages={"invalid_choice": _("Выберите организацию из списка.")},
    )


class ProposeOrganisationForm(forms.ModelForm):
    """A member proposes an organisation missing from the directory; the region's
    moderator checks it before it is listed."""

    website = forms.URLField(
        label=_("Сайт"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("Если есть"),
    )

    class Meta:
        model = Organisation
        fields = ["name", "org_type", "region", "city", "website"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.regional()
        self.fields["region"].required = True
        self.fields["region"].empty_label = _("— выберите —")
        self.fields["org_type"].choices = [
            (value, label)
            for value, label in OrganisationType.choices
            if value != OrganisationType.AUTHORITY
        ]
        self.fields["name"].error_messages["unique"] = _(
            "Такая организация уже есть в каталоге: выберите её из списка."
        )
