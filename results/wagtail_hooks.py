from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from home.permissions import can, user_regions

from . import admin_views, export
from .models import IndicatorTarget, ReportingPeriod

admin_urls = [
    path("", admin_views.report_queue, name="reports"),
    path("<int:report_id>/", admin_views.report_detail, name="report"),
    path("grant-report/", export.grant_report_form, name="grant_report"),
    path("grant-report/<int:year>.xlsx", export.grant_report_xlsx, name="grant_report_xlsx"),
    path("attendance/<int:event_id>/", admin_views.attendance_certificates, name="attendance"),
]


@hooks.register("register_admin_urls")
def register_results_admin_urls():
    return [path("results/", include((admin_urls, "results_admin")))]


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return user.is_superuser or bool(user_regions(user)["moderate"])


@hooks.register("register_admin_menu_item")
def register_reports_menu_item():
    return ReportsMenuItem(
        _("Отчёты организаций"), reverse("results_admin:reports"), icon_name="table", order=255
    )


@hooks.register("register_page_header_buttons")
def attendance_button(page, user, view_name=None, next_url=None):
    from events.models import EventPage

    if isinstance(page.specific_deferred, EventPage) and can(user, "edit", page):
        yield PageMenuItem(
            _("Сертификаты участников"),
            reverse("results_admin:attendance", args=[page.pk]),
            icon_name="doc-full",
            priority=13,
            page=page,
        )


class ReportingPeriodViewSet(SnippetViewSet):
    model = ReportingPeriod
    icon = "date"
    list_display = ["label", "start", "end", "due", "is_baseline"]


class IndicatorTargetViewSet(SnippetViewSet):
    model = IndicatorTarget
    icon = "pick"
    list_display = ["indicator", "region", "year", "value"]
    list_filter = ["indicator", "year"]


class ResultsSettingsGroup(SnippetViewSetGroup):
    items = (ReportingPeriodViewSet, IndicatorTargetViewSet)
    menu_icon = "table"
    menu_label = _("Результаты программы")
    menu_name = "results-settings"
    menu_order = 256


register_snippet(ResultsSettingsGroup)
