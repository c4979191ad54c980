from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumExtrasConfig(AppConfig):
    """What django-machina lacks, kept beside it (label `forum_extras`).

    A separate app so that `forum` (machina's overridden app) keeps machina's own
    migrations untouched: adding models there would mean copying machina's
    migration history into our tree.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "forum_extras"
    verbose_name = _("Форум: дополнения")
