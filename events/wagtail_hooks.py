from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from home.permissions import can, user_regions

from . import admin_views
from .models import ConsentText, EventPage

admin_urls = [
    path("", admin_views.event_list, name="events"),
    path("<int:event_id>/", admin_views.registration_list, name="registrations"),
    path(
        "<int:event_id>/registrations/<int:registration_id>/",
        admin_views.registration_action,
        name="registration_action",
    ),
    path("<int:event_id>/export.csv", admin_views.export_csv, name="export_csv"),
    path("<int:event_id>/export.xlsx", admin_views.export_xlsx, name="export_xlsx"),
]


@hooks.register("register_admin_urls")
def register_events_admin_urls():
    return [path("event-registrations/", include((admin_urls, "events_admin")))]


class RegistrationsMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return user.is_superuser or bool(user_regions(user)["edit"])


@hooks.register("register_admin_menu_item")
def register_registrations_menu_item():
    return RegistrationsMenuItem(
        _("Регистрации"), reverse("events_admin:events"), icon_name="group", order=210
    )


def _registrations_button(page, user, priority):
    if isinstance(page.specific_deferred, EventPage) and can(user, "edit", page.specific):
        yield PageMenuItem(
            _("Регистрации"),
            reverse("events_admin:registrations", args=[page.pk]),
            icon_name="group",
            priority=priority,
            page=page,
        )


@hooks.register("register_page_header_buttons")
def event_page_header_button(page, user, view_name=None, next_url=None):
    yield from _registrations_button(page, user, 12)


@hooks.register("register_page_listing_more_buttons")
def event_page_listing_button(page, user, next_url=None):
    yield from _registrations_button(page, user, 3)


class ConsentTextViewSet(SnippetViewSet):
    model = ConsentText
    icon = "doc-full"
    menu_label = _("Тексты согласий")
    add_to_settings_menu = True
    list_display = ["kind", "version", "created_at"]


register_snippet(ConsentTextViewSet)
