from django.urls import path

from . import views

app_name = "results"

urlpatterns = [
    path("", views.results_page, name="page"),
    path("reports/", views.report_list, name="reports"),
    path("reports/<int:period_id>/", views.report_edit, name="report"),
    path("surveys/<int:survey_id>/", views.survey_view, name="survey"),
    path("certificates/<str:code>/pdf/", views.attendance_certificate_pdf, name="attendance_pdf"),
]
