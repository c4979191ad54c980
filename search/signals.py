"""Keep the index fresh: every content change queues an index update after its
transaction commits (search.tasks.update_index, run by the worker).

The updates reload the object from the database when they run, so they index
what was committed (or drop it), and a rolled-back change touches nothing.
`transaction.on_commit(..., robust=True)` logs a failing enqueue instead of
breaking the editor's or poster's request; an unreachable Elasticsearch makes
the task retry later, so the index catches up by itself.
"""

import logging

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save

from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

logger = logging.getLogger(__name__)


def _run(action, pk):
    from home import page_cache

    try:
        _update(action, pk)
    finally:
        # Searches kept for anonymous visitors (search.views) were answered by the
        # index before this update: a new generation retires them.
        page_cache.bump(page_cache.SEARCH)


def _update(action, pk):
    from . import api, sources

    if action == "page":
        page = Page.objects.filter(pk=pk).first()
        if page is None:
            api.remove_keys([sources.page_key(pk)])
        else:
            api.index(page)
    elif action == "subtree":
        page = Page.objects.filter(pk=pk).first()
        if page is not None:
            for node in Page.objects.descendant_of(page, inclusive=True).specific():
                api.index(node)
    elif action == "remove-page":
        api.remove_keys([sources.page_key(pk)])
    elif action == "post":
        post = sources.post_model().objects.filter(pk=pk).select_related("topic__forum").first()
        if post is None:
            api.remove_keys([sources.post_key(pk)])
        else:
            api.index(post)
    elif action == "remove-post":
        api.remove_keys([sources.post_key(pk)])
    elif action == "topic":
        posts = sources.post_model().objects.filter(topic_id=pk).select_related("topic__forum")
        for post in posts:
            api.index(post)


def schedule(action, pk):
    """Queue one index update once the current transaction commits."""
    transaction.on_commit(lambda: _enqueue(action, pk), robust=True)


def _enqueue(action, pk):
    from .tasks import update_index

    update_index.enqueue(action, pk)


def on_page_published(sender, instance, **kwargs):
    schedule("subtree" if instance.get_children_count() else "page", instance.pk)


def on_page_unpublished(sender, instance, **kwargs):
    # Unpublishing a page takes its whole subtree off the site.
    schedule("subtree", instance.pk)


def on_page_moved(sender, instance, **kwargs):
    schedule("subtree", instance.pk)


def on_page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        schedule("remove-page", instance.pk)


def on_restriction_changed(sender, instance, **kwargs):
    schedule("subtree", instance.page_id)


def on_post_saved(sender, instance, **kwargs):
    schedule("post", instance.pk)


def on_post_deleted(sender, instance, **kwargs):
    schedule("remove-post", instance.pk)


def on_report_changed(sender, instance, **kwargs):
    """A report made or resolved may take a post out of search or bring it back."""
    schedule("post", instance.post_id)


TOPIC_FIELDS = ("subject", "approved", "forum_id", "slug")


def _topic_state(topic):
    return tuple(topic.__dict__.get(name) for name in TOPIC_FIELDS)


def on_topic_init(sender, instance, **kwargs):
    instance._search_state = _topic_state(instance)


def on_topic_saved(sender, instance, created, **kwargs):
    """A topic's subject, approval or forum is part of each post's document."""
    state = _topic_state(instance)
    if not created and state != getattr(instance, "_search_state", None):
        schedule("topic", instance.pk)
    instance._search_state = state


def connect():
    from .sources import post_model

    post = post_model()
    topic = post._meta.get_field("topic").related_model
    page_published.connect(on_page_published, dispatch_uid="site_search_published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="site_search_unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="site_search_moved")
    post_delete.connect(on_page_deleted, dispatch_uid="site_search_page_deleted")
    post_save.connect(
        on_restriction_changed, sender=PageViewRestriction, dispatch_uid="site_search_restr_saved"
    )
    post_delete.connect(
        on_restriction_changed, sender=PageViewRestriction, dispatch_uid="site_search_restr_del"
    )
    post_save.connect(on_post_saved, sender=post, dispatch_uid="site_search_post_saved")
    post_delete.connect(on_post_deleted, sender=post, dispatch_uid="site_search_post_deleted")
    report = apps.get_model("forum_extras", "PostReport")
    post_save.connect(on_report_changed, sender=report, dispatch_uid="site_search_report_saved")
    post_delete.connect(on_report_changed, sender=report, dispatch_uid="site_search_report_del")
    post_init.connect(on_topic_init, sender=topic, dispatch_uid="site_search_topic_init")
    post_save.connect(on_topic_saved, sender=topic, dispatch_uid="site_search_topic_saved")
