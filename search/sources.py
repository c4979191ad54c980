"""What gets indexed: live public Wagtail pages and approved forum posts.

Each object becomes one `IndexDoc`, a plain record every backend stores the
same way. Pages describe themselves through `search_document()` (practices,
materials, events implement it); pages without it (plain content pages, region
hubs) fall back to their title, summary/intro and body text. Forum posts are
documents of kind "topic" carrying their forum id, approval flag and topic, so
search filters visibility by fields instead of by one clause per private object
and shows one result per topic. A post that members have reported at least
`SEARCH_HIDE_REPORTED_AFTER` times, with none of the reports dealt with yet, is
left out until a moderator resolves them.
"""

import datetime
import functools
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from django.utils.html import escape

from wagtail.models import Page

from .results import SECTION_WEIGHT
from .text import html_to_text, words_lemma_text
from .text import words as split_words

KINDS = ("practice", "material", "event", "page", "topic")


@dataclass
class IndexDoc:
    key: str
    kind: str
    title: str
    url: str
    summary: str = ""
    body: str = ""
    region_slug: str = ""
    region_name: str = ""
    target_groups: list = field(default_factory=list)
    date: datetime.datetime | None = None
    public: bool = True
    forum_id: int | None = None
    approved: bool = True
    topic_id: int | None = None
    # False for a forum reply: its title is its topic's, matched on the opening post
    # only, so a topic counts the posts whose own text matches.
    match_title: bool = True
    weight: float = 1.0  # relevance factor: a section page counts less (SECTION_WEIGHT)

    # A document is split into words and lemmatised once, however many backends
    # and the vocabulary read it (a rebuild, or an edit indexed on both backends).
    @functools.cached_property
    def words(self):
        """The folded words of the title, the summary and the body."""
        return split_words(self.title), split_words(self.summary), split_words(self.body)

    @functools.cached_property
    def lemmas(self):
        """The lemma text of the title (empty when it is not matched), summary and body."""
        title, summary, body = self.words
        return (
            words_lemma_text(title) if self.match_title else "",
            words_lemma_text(summary),
            words_lemma_text(body),
        )


def page_key(pk):
    return f"page:{pk}"


def post_key(pk):
    return f"post:{pk}"


def as_datetime(value):
    """Dates become aware datetimes at midnight, so one sort works for every kind."""
    if value is None:
        return None
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time.min)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value


# Pages -----------------------------------------------------------------------


def indexable_pages():
    """Every live page a visitor without an account can open, most specific class."""
    return Page.objects.live().public().filter(depth__gt=1).specific().order_by("path")


def is_indexable_page(page):
    return (
        page.depth > 1
        and page.live
        and not page.expired
        and indexable_pages().filter(pk=page.pk).exists()
    )


def _region_of(page):
    from home.models import region_of

    return region_of(page)


def _streamfield_text(page, name):
    """The StreamField's text as HTML, like the other parts of a search document:
    Wagtail's searchable content is plain text already (entities read), so it is
    escaped here and read back once by `page_doc` (issue 17: «<b>» typed in a
    paragraph was dropped as a tag, entities were shown escaped twice)."""
    value = getattr(page, name, None)
    if value is None or not hasattr(value, "stream_block"):
        return ""
    parts = value.stream_block.get_searchable_content(value)
    return escape(" ".join(" ".join(str(part) for part in parts).split()))


def fallback_document(page):
    """A page without `search_document()`: title, summary or intro, body text.
    Summary and body are HTML (plain fields escaped), as `search_document()` gives."""
    intro = str(getattr(page, "intro", "") or "")
    summary = escape(getattr(page, "summary", "") or page.search_description) or intro
    body_parts = [intro if intro != summary else "", _streamfield_text(page, "body")]
    return {
        "kind": "page",
        "title": page.title,
        "summary": summary,
        "body": " ".join(part for part in body_parts if part),
        "region": _region_of(page),
        "target_groups": [],
        "date": page.last_published_at,
    }


def is_section(page):
    """The home page, a region's hub or a listing (…IndexPage): pages that mostly
    sum up and link to the documents under them."""
    region_page = apps.get_model("home", "RegionPage")
    return (
        page.depth <= 2
        or isinstance(page, region_page)
        or type(page).__name__.endswith("IndexPage")
    )


def page_doc(page):
    """The index record of a page, or None when it must not be found by search."""
    page = page.specific
    url = page.get_url()
    if not url:
        return None
    data = page.search_document() if hasattr(page, "search_document") else None
    data = data or fallback_document(page)
    kind = data.get("kind") or "page"
    if kind not in KINDS:
        kind = "page"
    region = data.get("region")
    groups = sorted({str(group) for group in data.get("target_groups") or [] if group})
    # The target groups are matched too («дети-сироты» finds the practices for them).
    body = " ".join(part for part in (html_to_text(data.get("body") or ""), *groups) if part)
    return IndexDoc(
        key=page_key(page.pk),
        kind=kind,
        title=str(data.get("title") or page.title),
        url=url,
        summary=html_to_text(data.get("summary") or ""),
        body=body,
        region_slug=region.slug if region else "",
        region_name=region.name if region else "",
        target_groups=groups,
        date=as_datetime(data.get("date")),
        public=True,
        weight=SECTION_WEIGHT if is_section(page) else 1.0,
    )


# Forum posts -----------------------------------------------------------------


def post_model():
    return apps.get_model("forum_conversation", "Post")


def indexable_posts():
    return (
        post_model()
        .objects.filter(approved=True, topic__approved=True)
        .select_related("topic", "topic__forum")
        .order_by("pk")
    )


def post_url(post):
    from django.urls import reverse

    topic = post.topic
    url = reverse(
        "forum_conversation:topic",
        kwargs={
            "forum_slug": topic.forum.slug,
            "forum_pk": topic.forum.pk,
            "slug": topic.slug,
            "pk": topic.pk,
        },
    )
    return f"{url}?post={post.pk}#{post.pk}"


def forum_region(forum):
    """The region a forum belongs to, if the forum app gives it one."""
    return getattr(forum, "region", None)


def report_threshold():
    """Open reports that take a post out of search (0: reports never do)."""
    return max(0, int(getattr(settings, "SEARCH_HIDE_REPORTED_AFTER", 1) or 0))


def _open_reports():
    report = apps.get_model("forum_extras", "PostReport")
    return report.objects.filter(resolved_at__isnull=True)


def reported_post_ids():
    """Ids of the posts reported past the threshold (few: read once per rebuild)."""
    threshold = report_threshold()
    if not threshold:
        return set()
    rows = (
        _open_reports()
        .values("post_id")
        .annotate(reports=Count("pk"))
        .filter(reports__gte=threshold)
        .values_list("post_id", flat=True)
    )
    return set(rows)


def is_reported(post):
    threshold = report_threshold()
    return bool(threshold) and _open_reports().filter(post_id=post.pk).count() >= threshold


def post_doc(post, reported=None):
    """The index record of a forum post, or None when it must not be found.

    `reported`: the ids of reported posts when the caller read them already.
    """
    topic = post.topic
    if not (post.approved and topic.approved):
        return None
    hidden = post.pk in reported if reported is not None else is_reported(post)
    if hidden:
        return None
    region = forum_region(topic.forum)
    content = post.content
    rendered = getattr(content, "rendered", None) or getattr(content, "raw", None) or content
    title = topic.subject  # replies' own subjects are mostly «Re: …»; shown, not matched
    return IndexDoc(
        key=post_key(post.pk),
        kind="topic",
        title=title,
        url=post_url(post),
        summary="",
        body=html_to_text(rendered),
        region_slug=region.slug if region else "",
        region_name=region.name if region else "",
        target_groups=[],
        date=as_datetime(post.created),
        public=False,
        forum_id=topic.forum_id,
        approved=True,
        topic_id=topic.pk,
        match_title=topic.first_post_id in (None, post.pk),
    )


def iter_docs():
    """Every document of the site, for a rebuild: pages first, then posts."""
    for page in indexable_pages().iterator(chunk_size=200):
        doc = page_doc(page)
        if doc is not None:
            yield doc
    reported = reported_post_ids()
    for post in indexable_posts().iterator(chunk_size=1000):
        doc = post_doc(post, reported)
        if doc is not None:
            yield doc


def count_sources():
    return indexable_pages().count() + indexable_posts().count()
