"""Template helpers of the portal's forum: members' names and pictures, and the
latest topics shown on the home page and region hubs."""

from django import template
from django.contrib.auth.models import AnonymousUser
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from machina.apps.forum_conversation.models import Topic
from machina.conf import settings as machina_settings

from forum.permission_handler import forum_ancestors as _forum_ancestors
from forum.visibility import readable_forum_ids

register = template.Library()


@register.filter
def member_name(user):
    """A member's display name; «удалённый участник» for a deleted account."""
    if user is None:
        return _("удалённый участник")
    if not hasattr(user, "get_full_name"):
        return ""
    return user.get_full_name() or user.get_username()


@register.simple_tag
def member_avatar(user, size=64):
    profile = getattr(user, "profile", None) if user is not None else None
    if profile is not None and profile.avatar:
        return format_html(
            '<img class="avatar" src="{}" alt="" width="{}" height="{}" loading="lazy">',
            profile.avatar.url,
            size,
            size,
        )
    initial = (member_name(user) or "?")[:1].upper()
    return format_html('<span class="avatar avatar--initial" aria-hidden="true">{}</span>', initial)


@register.simple_tag
def elided_pages(paginator, number):
    """The page numbers worth a link around page `number` (paginator.ELLIPSIS for a
    gap): a forum of 250 pages of topics links to about ten, not to all of them."""
    return list(paginator.get_elided_page_range(number, on_each_side=2, on_ends=1))


@register.simple_tag
def forum_ancestors(forum):
    """[(id, name, slug)] of the forums above `forum` (for breadcrumbs), from a
    lookup memoised until forums change instead of a query per page."""
    return _forum_ancestors(forum)


@register.simple_tag
def topic_page_links(topic, topic_url):
    """Links to the pages of a long topic in a list of topics: every page up to
    five, else the first four and the last. Nothing for a topic of one page."""
    pages = (max(topic.posts_count, 1) - 1) // machina_settings.TOPIC_POSTS_NUMBER_PER_PAGE + 1
    if pages < 2:
        return ""
    shown = range(1, 5) if pages > 5 else range(1, pages + 1)
    links = format_html_join(" ", '<a href="{0}?page={1}">{1}</a>', ((topic_url, n) for n in shown))
    if pages > 5:
        links = format_html('{} … <a href="{}?page={}">{}</a>', links, topic_url, pages, pages)
    return format_html('<small class="topic-pages">{} {}</small>', _("страницы:"), links)


@register.inclusion_tag("forum_extras/latest_topics.html", takes_context=True)
def latest_topics(context, count=5, region=None):
    """The newest approved topics in forums the visitor may read (optionally of one region)."""
    request = context.get("request")
    user = getattr(request, "user", None) or AnonymousUser()
    handler = getattr(request, "forum_permission_handler", None)
    topics = Topic.approved_objects.filter(forum_id__in=readable_forum_ids(user, handler))
    if region is not None:
        topics = topics.filter(forum__portal_settings__region=region)
    topics = (
        topics.select_related("forum")
        .only("subject", "slug", "last_post_on", "forum__name", "forum__slug")
        .order_by("-last_post_on")
    )
    return {"topics": list(topics[:count]), "region": region, "request": request}
