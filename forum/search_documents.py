"""What the site search (search/) needs from the forum.

Only approved topics in forums an anonymous visitor may read are public; the
search helper indexes them through `topic_search_document()` and filters
results per user with `forum.visibility.readable_forum_ids(user)` (topic
documents carry their `forum_id`).
"""

from django.contrib.auth.models import AnonymousUser
from django.utils.html import strip_tags

from machina.apps.forum_conversation.models import Topic

from .visibility import readable_forum_ids


def public_topics():
    """Approved topics in forums that anonymous visitors may read."""
    return (
        Topic.approved_objects.filter(forum_id__in=readable_forum_ids(AnonymousUser()))
        .select_related("forum", "first_post", "forum__portal_settings__region")
        .prefetch_related("posts")
    )


def topic_search_document(topic):
    """The search document of a topic (the contract of `search_document()` pages)."""
    posts = [post for post in topic.posts.all() if post.approved]
    settings = getattr(topic.forum, "portal_settings", None)
    first = topic.first_post
    summary = strip_tags(first.content.rendered)[:300] if first else ""
    return {
        "kind": "topic",
        "title": topic.subject,
        "summary": summary,
        "body": "\n\n".join(strip_tags(post.content.rendered) for post in posts),
        "region": settings.region if settings else None,
        "target_groups": [],
        "date": topic.last_post_on or topic.created,
        "forum_id": topic.forum_id,
        "url": (f"/forum/forum/{topic.forum.slug}-{topic.forum_id}/topic/{topic.slug}-{topic.pk}/"),
    }
