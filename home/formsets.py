"""Model formsets that accept only the objects they were given.

A model formset looks the `<prefix>-N-id` it receives up in its queryset, and its
hidden id field accepts any row of the model. Left with the default queryset (every
row), a forged id edits, moves or deletes someone else's object (issue 17: machina's
attachment formset took another member's attachment into a public forum). Here the
queryset is required (no queryset → nothing may be edited), the id field offers only
that queryset, and a foreign id makes the whole formset invalid with a clear error.
"""

from django import forms
from django.utils.translation import gettext_lazy


class OwnedObjectsFormsetMixin:
    """Mix into a BaseModelFormSet; the view passes `queryset` (the objects the acting
    person may edit here) on GET and POST alike."""

    foreign_object_message = gettext_lazy(
        "Этот объект не относится к редактируемой записи. Обновите страницу и попробуйте снова."
    )

    def __init__(self, *args, queryset=None, **kwargs):
        if queryset is None:
            queryset = self.model._default_manager.none()
        super().__init__(*args, queryset=queryset, **kwargs)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        field = form.fields.get(self.model._meta.pk.name)
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = self.get_queryset()
            field.error_messages["invalid_choice"] = self.foreign_object_message

    def clean(self):
        if self.is_bound:
            for form in self.initial_forms:
                # `_construct_form` found no object of the queryset for the id sent.
                if form.instance.pk is None:
                    raise forms.ValidationError(self.foreign_object_message, code="foreign")
        super().clean()
