from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views
from .models import Certificate
from .permissions import reviews_any_course

admin_urls = [
    path("", admin_views.queue, name="queue"),
    path("<int:submission_id>/", admin_views.detail, name="detail"),
    path("<int:submission_id>/review/", admin_views.review, name="review"),
    path("export/<int:course_id>.xlsx", admin_views.export_xlsx, name="export"),
]


@hooks.register("register_admin_urls")
def register_courses_admin_urls():
    return [path("course-review/", include((admin_urls, "courses_admin")))]


class ReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return reviews_any_course(request.user)


@hooks.register("register_admin_menu_item")
def register_review_menu_item():
    return ReviewMenuItem(
        _("Проверка заданий"), reverse("courses_admin:queue"), icon_name="tasks", order=220
    )


class CertificateViewSet(SnippetViewSet):
    """Issued certificates, for course managers (a misspelt name can be corrected)."""

    model = Certificate
    icon = "success"
    menu_label = _("Сертификаты курсов")
    menu_order = 221
    add_to_admin_menu = True
    list_display = ["code", "full_name", "course_title", "issued_at"]
    search_fields = ["code", "full_name", "course_title"]
    inspect_view_enabled = True
    panels = [FieldPanel("full_name"), FieldPanel("course_title")]


register_snippet(CertificateViewSet)
