"""Every key page of the demo portal, as a visitor, a member and an editor: nothing
scrolls sideways at 320, 360 and 390 px, and axe-core finds nothing critical or
serious at 320 and 1366 px."""

import io

from django.core.management import call_command
from django.urls import reverse

import pytest
from machina.apps.forum_conversation.models import Topic

from courses.models import Certificate, CourseModulePage, CoursePage, LessonPage
from events import tokens
from events.models import EventPage, Registration
from home.models import ContentPage
from organisations.models import Organisation
from practices.models import MethodMaterialPage, SuccessStoryPage

from .conftest import DESKTOP, PHONE, serious_violations, sideways_overflow

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "demo-portal-2026"  # the demo accounts' password (seed_demo, development only)


def visitor_pages():
    topic = Topic.approved_objects.select_related("forum").order_by("pk").first()
    forum = topic.forum
    organisation = Organisation.objects.filter(status="approved").order_by("pk").first()
    certificate = Certificate.objects.order_by("pk").first()
    registration = Registration.objects.order_by("pk").first()
    return [
        "/",
        "/karelia/",
        "/practices/",
        "/practices/?region=karelia",
        SuccessStoryPage.objects.live().order_by("pk").first().url,
        "/materials/",
        MethodMaterialPage.objects.live().order_by("pk").first().url,
        "/events/",
        EventPage.objects.live().order_by("start").last().url,
        "/courses/",
        CoursePage.objects.live().order_by("pk").first().url,
        "/forum/",
        reverse("forum:forum", args=[forum.slug, forum.pk]),
        reverse("forum_conversation:topic", args=[forum.slug, forum.pk, topic.slug, topic.pk]),
        "/search/?q=пожилые",
        "/sitemap/",
        "/accounts/login/",
        "/accounts/signup/",
        "/no-such-page/",
        # Every other kind of public page (issue 20: no page scrolls sideways).
        ContentPage.objects.live().order_by("pk").first().url,
        "/organisations/",
        reverse("organisations:detail", args=[organisation.slug]),
        "/results/",
        "/events/consent/processing/",
        reverse("courses:certificate_check"),
        *([reverse("courses:certificate", args=[certificate.code])] if certificate else []),
        *([tokens.path(registration, "manage")] if registration else []),
        reverse("accounts:password_reset"),
        reverse("accounts:resend"),
    ]


def member_pages():
    forum = Topic.approved_objects.select_related("forum").order_by("pk").first().forum
    return [
        "/accounts/",
        "/accounts/profile/",
        "/accounts/profile/delete/",
        reverse("forum_conversation:topic_create", args=[forum.slug, forum.pk]),
        LessonPage.objects.live().order_by("path").first().url,
        CourseModulePage.objects.live().order_by("path").first().url,
    ]


def log_in(page, base, login):
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", login)
    page.fill("#id_password", PASSWORD)
    page.locator("main").get_by_role("button", name="Войти").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def sweep(page, base, urls, width, axe_source, failures):
    for url in urls:
        page.goto(base + url)
        overflow = sideways_overflow(page)
        if overflow:
            failures.append(f"{width} px {url}: scrolls sideways by {overflow} px")
        if width in (PHONE, DESKTOP):
            for violation in serious_violations(page, axe_source):
                failures.append(f"{width} px {url}: {violation}")


def test_no_page_scrolls_sideways_on_phones_and_axe_finds_nothing_serious(
    live_server, open_page, axe_source
):
    call_command("seed_demo", stdout=io.StringIO())
    base = live_server.url
    visitor, member = visitor_pages(), member_pages()
    failures = []
    for width in (PHONE, 360, 390, DESKTOP):
        page = open_page(width)
        sweep(page, base, visitor, width, axe_source, failures)
        log_in(page, base, "member-karelia")
        sweep(page, base, member, width, axe_source, failures)
    assert failures == []


def test_the_admin_editing_screens_have_nothing_serious_for_axe(live_server, open_page, axe_source):
    call_command("seed_demo", stdout=io.StringIO())
    practice = SuccessStoryPage.objects.live().filter(url_path__contains="/karelia/").first()
    page = open_page(DESKTOP)
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "editor-karelia")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(live_server.url + "/admin/")
    failures = []
    for url in ("/admin/", f"/admin/pages/{practice.pk}/edit/"):
        page.goto(live_server.url + url)
        failures += [f"{url}: {v}" for v in serious_violations(page, axe_source)]
    assert failures == []


def test_every_page_works_under_its_content_security_policy(live_server, browser):
    """Issue 17: a Content-Security-Policy on every page, enforced (no report-only),
    and nothing on the pages breaks it; the Wagtail admin's policy lets an editor
    edit and save a page. Chromium logs every blocked script, style, frame or
    image to the console; none may appear."""
    call_command("seed_demo", stdout=io.StringIO())
    base = live_server.url
    blocked, policies, contexts = [], {}, []

    def new_page():
        context = browser.new_context(locale="ru-RU", viewport={"width": DESKTOP, "height": 768})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.on(
            "console",
            lambda message: (
                "Content Security Policy" in message.text
                and blocked.append(f"{page.url}: {message.text}")
            ),
        )
        page.on("response", lambda r: r.request.resource_type == "document" and policies.update(
            {r.url: r.headers.get("content-security-policy", "")}))  # fmt: skip
        return page

    page = new_page()
    for url in visitor_pages():
        page.goto(base + url)
    log_in(page, base, "member-karelia")
    for url in member_pages():
        page.goto(base + url)

    practice = SuccessStoryPage.objects.live().filter(url_path__contains="/karelia/").first()
    page = new_page()
    page.goto(base + "/admin/login/")
    page.fill("#id_username", "editor-karelia")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(base + "/admin/")
    page.goto(base + f"/admin/pages/{practice.pk}/edit/")
    page.locator("#id_title").fill(practice.title + " (правка)")
    page.get_by_role("button", name="Сохранить черновик").click()
    page.wait_for_load_state()
    practice.refresh_from_db()
    assert practice.get_latest_revision().content["title"].endswith("(правка)")
    page.goto(base + practice.url)  # the public page with the editor's userbar
    assert page.locator("wagtail-userbar").count() == 1

    for context in contexts:
        context.close()
    assert blocked == []
    site = [url for url in policies if "/admin/" not in url]
    assert site and all("script-src 'self';" in policies[url] for url in site), policies
    assert all("unsafe-inline" not in policies[url] for url in site)
    admin = [url for url in policies if "/admin/" in url]
    assert admin and all("object-src 'none'" in policies[url] for url in admin)
