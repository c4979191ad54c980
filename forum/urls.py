"""The forum's URL patterns: machina's board with our `forum` app patterns first.

cms/urls.py mounts this module at /forum/. machina's class loader cannot find
overrides in a top-level app named `forum` (it imports the package, not
`forum.urls`), so the board is assembled here explicitly. Our patterns come
before those of machina's other apps, so the subclassed views in `shadowed`
answer at machina's own paths: every `{% url 'forum_conversation:topic' … %}`
in machina's templates reaches our code.
"""

from django.urls import path

from machina.apps.forum.urls import ForumURLPatternsFactory
from machina.urls import BoardURLPatternsFactory

from . import views

TOPIC = "forum/<str:forum_slug>-<int:forum_pk>/topic/"


class PortalForumURLPatternsFactory(ForumURLPatternsFactory):
    def get_urlpatterns(self):
        shadowed = [
            path(f"{TOPIC}<str:slug>-<int:pk>/", views.TopicView.as_view(), name="topic"),
            path(f"{TOPIC}create/", views.TopicCreateView.as_view(), name="topic_create"),
            path(
                f"{TOPIC}<str:slug>-<int:pk>/update/",
                views.TopicUpdateView.as_view(),
                name="topic_update",
            ),
            path(
                f"{TOPIC}<str:topic_slug>-<int:topic_pk>/post/create/",
                views.PostCreateView.as_view(),
                name="post_create",
            ),
            path(
                f"{TOPIC}<str:topic_slug>-<int:topic_pk>/<int:pk>/post/update/",
                views.PostUpdateView.as_view(),
                name="post_update",
            ),
            path("attachment/<int:pk>/", views.AttachmentView.as_view(), name="attachment"),
            path("member/profile/<str:pk>/", views.ProfileRedirectView.as_view(), name="profile"),
            path("search/", views.SiteSearchRedirectView.as_view(), name="search"),
        ]
        extras = [
            path(
                "forum/<int:pk>/subscription/",
                views.ForumSubscriptionView.as_view(),
                name="forum_subscription",
            ),
            path("unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
            path("post/<int:pk>/report/", views.PostReportView.as_view(), name="post_report"),
            path("reports/", views.ReportQueueView.as_view(), name="report_queue"),
            path("post/<int:pk>/solution/", views.MarkSolutionView.as_view(), name="mark_solution"),
        ]
        board = [
            path("", views.IndexView.as_view(), name="index"),
            path("forum/<str:slug>-<int:pk>/", views.ForumView.as_view(), name="forum"),
        ]
        return shadowed + extras + board


class PortalBoardURLPatternsFactory(BoardURLPatternsFactory):
    forum_urlpatterns_factory = PortalForumURLPatternsFactory()


urlpatterns = PortalBoardURLPatternsFactory().get_urlpatterns()
