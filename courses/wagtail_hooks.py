from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views
from .permissions import is_course_manager, is_tutor

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
        return is_course_manager(request.user) or is_tutor(request.user)


@hooks.register("register_admin_menu_item")
def register_review_menu_item():
    return ReviewMenuItem(
        _("Проверка заданий"), reverse("courses_admin:queue"), icon_name="tasks", order=220
    )
