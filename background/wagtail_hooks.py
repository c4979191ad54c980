from django.template.loader import render_to_string
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from home.permissions import user_regions

from . import admin_views, status

admin_urls = [
    path("", admin_views.letter_list, name="letters"),
    path("<int:letter_id>/", admin_views.letter_detail, name="letter"),
    path("<int:letter_id>/resend/", admin_views.letter_resend, name="resend"),
    path("jobs/", admin_views.job_list, name="jobs"),
]


@hooks.register("register_admin_urls")
def register_background_admin_urls():
    return [path("letters/", include((admin_urls, "background_admin")))]


class LettersMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return user.is_superuser or bool(user_regions(user)["edit"])


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_admin_menu_item")
def register_letters_menu_item():
    return LettersMenuItem(
        _("Письма"), reverse("background_admin:letters"), icon_name="mail", order=215
    )


@hooks.register("register_settings_menu_item")
def register_jobs_menu_item():
    return SuperuserMenuItem(
        _("Периодические задания"),
        reverse("background_admin:jobs"),
        icon_name="time",
        order=900,
    )


class LettersAlertPanel(Component):
    """On the dashboard: letters have not been going out for OUTBOX_ALERT_MINUTES."""

    name = "letters_alert"
    order = 10

    def __init__(self, since):
        self.since = since

    def render_html(self, parent_context=None):
        return render_to_string("background/admin/alert_panel.html", {"since": self.since})


@hooks.register("construct_homepage_panels")
def add_letters_alert(request, panels):
    if not request.user.is_superuser:
        return
    since = status.letters_alert()
    if since is not None:
        panels.insert(0, LettersAlertPanel(since))
