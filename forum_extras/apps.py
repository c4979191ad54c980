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

    def ready(self):
        from machina.apps.forum.models import Forum
        from machina.apps.forum_conversation.forum_polls.models import (
            TopicPoll,
            TopicPollOption,
            TopicPollVote,
        )
        from machina.apps.forum_conversation.models import Post, Topic
        from machina.apps.forum_permission.models import (
            GroupForumPermission,
            UserForumPermission,
        )

        from home import page_cache

        from .models import ForumSettings, TopicSolution

        # Forum pages, hubs and the home page (latest topics) are cached whole
        # for anonymous visitors: a post, a topic, a poll vote or a permission
        # changes them.
        page_cache.invalidate_on_change(
            Forum,
            Topic,
            Post,
            TopicPoll,
            TopicPollOption,
            TopicPollVote,
            GroupForumPermission,
            UserForumPermission,
            ForumSettings,
            TopicSolution,
            area=page_cache.FORUM,
        )
