from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "courses"
    verbose_name = _("Обучение")

    def ready(self):
        from django.db.models.signals import post_save

        from .models import CoursePage
        from .signals import keep_tutors_group

        post_save.connect(keep_tutors_group, sender=CoursePage)
