from django.utils.translation import gettext_lazy as _

from machina.apps.forum.apps import ForumAppConfig as MachinaForumAppConfig


class ForumAppConfig(MachinaForumAppConfig):
    """django-machina's `forum` app, overridden by this folder.

    Django refuses two apps labelled `forum`, so this folder takes machina's
    place in INSTALLED_APPS. machina's class loader does not find modules of a
    top-level app, so our views are mounted explicitly by forum/urls.py.
    """

    default = True
    name = "forum"
    verbose_name = _("Форум")

    def ready(self):
        super().ready()
        from . import receivers  # noqa: F401
