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
        from machina.apps.forum_conversation import receivers as machina_receivers
        from machina.apps.forum_conversation.signals import topic_viewed

        from . import receivers, view_counts  # noqa: F401

        # One UPDATE per topic view becomes a counter in the cache (see view_counts).
        # Importing machina's receivers here connects them before we disconnect;
        # its app config imports the same module again later, a no-op.
        topic_viewed.disconnect(machina_receivers.update_topic_counter)
        topic_viewed.connect(view_counts.topic_viewed, dispatch_uid="portal_topic_views")
