"""Course URLs that are not pages; included in cms/urls.py at /courses/ before
Wagtail's catch-all (the course pages themselves are Wagtail pages)."""

from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("files/<int:file_id>/", views.submission_file, name="file"),
    path("certificates/", views.certificate_check, name="certificate_check"),
    path("certificates/<str:code>/", views.certificate_detail, name="certificate"),
    path("certificates/<str:code>/pdf/", views.certificate_download, name="certificate_pdf"),
]
