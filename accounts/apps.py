from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Members of the portal: sign-up, profile, personal-data consent."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Участники")

    def ready(self):
        from django.contrib.auth import get_user_model

        from home import page_cache

        from .models import Profile

        # Members' names and pictures appear on pages cached whole for anonymous
        # visitors (forum posts, latest topics). A login only writes last_login.
        page_cache.invalidate_on_change(get_user_model(), ignore_fields=("last_login",))
        page_cache.invalidate_on_change(Profile)
