"""Shared lists in the Wagtail admin under the one regional rule.

A snippet viewset built on `RegionalSnippetViewSet` lets a person change or
delete an entry only when `home.permissions.can(user, "edit", entry)` holds: the
entry belongs to a region they edit, and no live page of another region shows
it (issue 17, item 5: otherwise a Karelia editor could change what a Crimea
page shows without Crimea's moderation). Wagtail's generic edit and delete views
check only the model-level permission, so the views below check the instance;
the permission policy makes the listing's buttons agree. The region field of the
form offers only the regions the person edits.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.snippets.views.snippets import DeleteView, EditView, SnippetViewSet

from .models import Region
from .permissions import can, foreign_regions_showing, user_regions

INSTANCE_ACTIONS = {"change", "delete"}


class RegionalPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        return action not in INSTANCE_ACTIONS or can(user, "edit", instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)


def refusal_message(user, obj):
    """Why `user` may not change `obj`, in words an editor understands."""
    foreign = foreign_regions_showing(user, obj)
    if foreign:
        names = sorted(
            str(region) if region else _("страницы вне регионов")
            for region in (Region.objects.filter(pk__in=[r for r in foreign if r]).order_by("name"))
        )
        if None in foreign:
            names.append(_("страницы вне регионов"))
        return _(
            "«%(object)s» показывают опубликованные страницы другого региона (%(regions)s). "
            "Изменить запись может редактор этого региона или администратор."
        ) % {"object": obj, "regions": ", ".join(names)}
    return _(
        "«%(object)s» относится к другому региону (или ко всей программе): "
        "изменить запись может только её редактор."
    ) % {"object": obj}


class RegionalInstanceCheck:
    """Refuse, with a message and nothing changed, what the regional rule forbids."""

    def dispatch(self, request, *args, **kwargs):
        obj = self.get_object()
        if not can(request.user, "edit", obj):
            messages.error(request, refusal_message(request.user, obj))
            return redirect(self.index_url_name)
        return super().dispatch(request, *args, **kwargs)


class RegionalEditView(RegionalInstanceCheck, EditView):
    pass


class RegionalDeleteView(RegionalInstanceCheck, DeleteView):
    pass


class RegionalAdminForm(WagtailAdminModelForm):
    """The region field offers only the regions the person edits (superusers: all)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        field = self.fields.get("region")
        if field is None or user is None or user.is_superuser:
            return
        field.queryset = Region.objects.filter(pk__in=user_regions(user)["edit"])
        field.required = True
        field.empty_label = None


class RegionalSnippetViewSet(SnippetViewSet):
    edit_view_class = RegionalEditView
    delete_view_class = RegionalDeleteView
    admin_form_class = RegionalAdminForm

    def get_edit_handler(self):
        panels = getattr(self, "panels", None) or self.model.panels
        return ObjectList(panels, base_form_class=self.admin_form_class).bind_to_model(self.model)

    def register_permissions(self):
        if not policy_registry.get_by_type(self.model, fallback=False):
            register_permission_policy(
                self.model, RegionalPermissionPolicy(self.model), exact_class=True
            )
        super().register_permissions()
