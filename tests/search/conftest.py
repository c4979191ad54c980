"""Fixtures for the site search: a backend per contract run, fake documents, forums."""

import io
import os
import uuid

from django.contrib.auth.models import Group
from django.db import transaction

from wagtail.rich_text import RichText

import pytest

from home.models import ContentPage
from search.backends import get_backend
from tests.conftest import in_ci

BACKENDS = ["database", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)]


@pytest.fixture(autouse=True)
def _fresh_speller():
    """Each test's suggestions come from its own index's vocabulary."""
    from search import suggest

    suggest.forget()
    yield
    suggest.forget()


@pytest.fixture(params=BACKENDS)
def backend(request, settings, db):
    """Run a test once per search backend (Elasticsearch needs ELASTICSEARCH_URL)."""
    name = request.param
    settings.SEARCH_BACKEND = name
    settings.SEARCH_INDEX_PREFIX = f"{settings.SEARCH_INDEX_PREFIX}-{uuid.uuid4().hex[:10]}"
    if name == "elasticsearch":
        url = os.environ.get("ELASTICSEARCH_URL", "")
        if not url:
            if in_ci():
                pytest.fail("CI=true but ELASTICSEARCH_URL is not set: start .ci/elasticsearch.sh")
            pytest.skip("ELASTICSEARCH_URL is not set (no Elasticsearch node on this machine)")
        settings.ELASTICSEARCH_URL = url
        settings.SEARCH_ELASTICSEARCH_REFRESH = True
        es_backend = get_backend("elasticsearch")
        es_backend.ensure_index()
        yield es_backend
        es_backend.delete_all()
    else:
        yield get_backend("database")


class FakeDocuments:
    """Test-only `search_document()` data for ContentPages, by slug.

    Stands in for practices/events pages: a registered ContentPage describes
    itself with the given kind, region, target groups, date and texts.
    """

    def __init__(self):
        self.by_slug = {}

    def document(self, page):
        data = self.by_slug.get(page.slug)
        if data is None:
            return None
        return {
            "kind": data["kind"],
            "title": page.title,
            "summary": page.summary,
            "body": data.get("body", ""),
            "region": data.get("region"),
            "target_groups": data.get("target_groups", []),
            "date": data.get("date"),
        }


@pytest.fixture
def fake_documents(monkeypatch):
    fakes = FakeDocuments()

    def search_document(page):
        return fakes.document(page)

    monkeypatch.setattr(ContentPage, "search_document", search_document, raising=False)
    return fakes


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Create and publish a ContentPage the way editors do, letting commit hooks run."""

    def make(parent, title, slug=None, summary="", body="", live=True, **fake):
        slug = slug or uuid.uuid4().hex[:12]
        with django_capture_on_commit_callbacks(execute=True):
            with transaction.atomic():
                page = ContentPage(
                    title=title,
                    slug=slug,
                    live=live,
                    summary=summary,
                    body=[("paragraph", RichText(f"<p>{body}</p>"))] if body else [],
                )
                parent.add_child(instance=page)
                revision = page.save_revision()
                if live:
                    revision.publish()
        page.refresh_from_db()
        return page

    return make


@pytest.fixture
def doc_page(publish, fake_documents, home_page):
    """A page with fake `search_document()` data (kind, region, groups, date)."""

    def make(title, summary="", body="", kind="practice", parent=None, **extra):
        slug = uuid.uuid4().hex[:12]
        fake_documents.by_slug[slug] = {"kind": kind, "body": body, **extra}
        return publish(parent or home_page, title, slug=slug, summary=summary)

    return make


@pytest.fixture
def programme_editor(regions):
    """An editor of the interregional section (the programme-wide group)."""
    from django.core.management import call_command

    from home.models import Region
    from tests.conftest import make_user

    Region.objects.create(
        slug="interregional",
        name="Межрегиональный раздел",
        time_zone="Europe/Moscow",
        is_interregional=True,
        sort_order=10,
    )
    call_command("setup_regions", stdout=io.StringIO())
    region = Region.objects.get(slug="interregional")
    return make_user("editor-interregional", region.editors_group)


# Forums ----------------------------------------------------------------------


def _model(app, name):
    from machina.core.db.models import get_model

    return get_model(app, name)


@pytest.fixture
def forums(db):
    """A forum everybody may read and a moderators-only one (machina permissions)."""
    forum_model = _model("forum", "Forum")
    permission_model = _model("forum_permission", "ForumPermission")
    user_permission = _model("forum_permission", "UserForumPermission")
    group_permission = _model("forum_permission", "GroupForumPermission")
    can_read = permission_model.objects.get(codename="can_read_forum")
    public = forum_model.objects.create(name="Общий форум", type=forum_model.FORUM_POST)
    private = forum_model.objects.create(name="Комната модераторов", type=forum_model.FORUM_POST)
    moderators = Group.objects.create(name="Модераторы форума (тест)")
    for flags in ({"anonymous_user": True}, {"authenticated_user": True}):
        user_permission.objects.create(forum=public, permission=can_read, has_perm=True, **flags)
    group_permission.objects.create(
        forum=private, permission=can_read, group=moderators, has_perm=True
    )
    return {"public": public, "private": private, "moderators": moderators}


@pytest.fixture
def forum_post(django_capture_on_commit_callbacks):
    """Start a topic (or reply to one) with real machina rows, letting commit hooks run."""
    topic_model = _model("forum_conversation", "Topic")
    post_model = _model("forum_conversation", "Post")

    def make(forum=None, subject="", content="", topic=None, approved=True, poster=None):
        with django_capture_on_commit_callbacks(execute=True):
            with transaction.atomic():
                if topic is None:
                    topic = topic_model.objects.create(
                        forum=forum,
                        subject=subject,
                        poster=poster,
                        type=topic_model.TOPIC_POST,
                        status=topic_model.TOPIC_UNLOCKED,
                        approved=approved,
                    )
                post = post_model.objects.create(
                    topic=topic,
                    subject=subject or topic.subject,
                    content=content,
                    poster=poster,
                    username=None if poster else "Гость",
                    anonymous_key=None if poster else "test-key",
                    approved=approved,
                )
        post.refresh_from_db()
        return post

    return make
