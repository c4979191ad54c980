from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from home.permissions import allowed, can, user_regions
from home.regional_admin import RegionalSnippetViewSet

from . import admin_views, counters, counts_admin, export
from .forms_surveys import SurveyAdminForm
from .models import DailyCount, IndicatorTarget, Proposal, ReportingPeriod, Survey

admin_urls = [
    path("", admin_views.report_queue, name="reports"),
    path("<int:report_id>/", admin_views.report_detail, name="report"),
    path("grant-report/", export.grant_report_form, name="grant_report"),
    path("grant-report/<int:year>.xlsx", export.grant_report_xlsx, name="grant_report_xlsx"),
    path("grant-report/<int:year>.pdf", export.grant_report_pdf, name="grant_report_pdf"),
    path("attendance/<int:event_id>/", admin_views.attendance_certificates, name="attendance"),
    path("surveys/<int:survey_id>/", admin_views.survey_summary, name="survey_summary"),
    path("counts/", counts_admin.portal_counts, name="counts"),
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


class CountsMenuItem(MenuItem):
    def is_shown(self, request):
        return counts_admin.may_see(request.user)


@hooks.register("register_admin_menu_item")
def register_counts_menu_item():
    return CountsMenuItem(
        _("Счётчики портала"), reverse("results_admin:counts"), icon_name="view", order=257
    )


@hooks.register("before_serve_document")
def count_download(document, request):
    counters.record(DailyCount.Kind.DOWNLOAD, document.pk)


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


class ProposalViewSet(RegionalSnippetViewSet):
    """The register of proposals to authorities: each region keeps its own rows."""

    model = Proposal
    icon = "doc-full-inverse"
    list_display = ["subject", "authority", "region", "submitted_on", "answered_on"]
    list_filter = ["region"]
    search_fields = ["subject", "authority"]

    def get_queryset(self, request):
        rows = Proposal.objects.select_related("region")
        return rows if request.user.is_superuser else allowed(request.user, "edit", rows)


class SurveyViewSet(RegionalSnippetViewSet):
    """Feedback surveys of events and courses, kept by their region's editors."""

    model = Survey
    icon = "form"
    admin_form_class = SurveyAdminForm
    list_display = ["title", "event", "course", "summary_link"]

    def get_queryset(self, request):
        rows = Survey.objects.select_related("event", "course")
        return rows if request.user.is_superuser else allowed(request.user, "edit", rows)


class ResultsSettingsGroup(SnippetViewSetGroup):
    items = (ProposalViewSet, SurveyViewSet, ReportingPeriodViewSet, IndicatorTargetViewSet)
    menu_icon = "table"
    menu_label = _("Результаты программы")
    menu_name = "results-settings"
    menu_order = 256


register_snippet(ResultsSettingsGroup)
