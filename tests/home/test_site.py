"""The public frame: home page, hubs, error pages, sitemap, robots, low-vision mode."""

import io
import xml.etree.ElementTree as ET

from django.core.management import call_command

from wagtail.models import Page

import pytest

from home.models import ContentPage, HomePage, Region, RegionPage


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())


def test_home_page_shows_regions_navigation_and_placeholders(client, demo):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ru"' in html
    assert "Перейти к содержанию" in html
    for name in [
        "Республика Крым",
        "Республика Карелия",
        "Калининградская область",
        "Санкт-Петербург",
    ]:
        assert name in html
    for label in ["Практики", "Материалы", "События", "Форум", "Поиск"]:
        assert f">{label}<" in html
    assert "Версия для слабовидящих" in html


def test_region_hub_shows_its_intro_and_contacts(client, demo):
    response = client.get("/karelia/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Республика Карелия</h1>" in html
    assert "Петрозаводска" in html
    assert "Контакты" in html


def test_low_vision_mode_is_switched_on_and_persists_across_pages(client, demo):
    response = client.post("/a11y/", {"mode": "on", "next": "/karelia/"})
    assert response.status_code == 302 and response["Location"] == "/karelia/"
    html = client.get("/karelia/").content.decode()
    assert 'class="low-vision"' in html
    assert "Обычная версия" in html
    assert 'class="low-vision"' in client.get("/").content.decode()

    client.post("/a11y/", {"mode": "off", "next": "/"})
    assert 'class="low-vision"' not in client.get("/").content.decode()


def test_low_vision_switch_never_redirects_off_site(client, demo):
    response = client.post("/a11y/", {"mode": "on", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_unknown_address_gives_a_russian_404_page(client, demo):
    response = client.get("/net-takoy-stranicy/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Страница не найдена" in html
    assert 'name="q"' in html


def test_server_error_page_is_in_russian(client, demo, settings):
    from django.urls import path

    def boom(request):
        raise RuntimeError("boom")

    class urls:
        urlpatterns = [path("boom/", boom)]
        handler500 = "home.views.server_error"

    settings.ROOT_URLCONF = urls
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Что-то пошло не так" in response.content.decode()


def test_sitemap_lists_live_pages(client, demo):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [el.text for el in ET.fromstring(response.content).findall("s:url/s:loc", ns)]
    assert any(loc.endswith("/karelia/") for loc in locs)
    assert any(loc.endswith("/about/") for loc in locs)


def test_robots_txt_points_to_the_sitemap_and_hides_the_admin(client, demo):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_seed_demo_twice_creates_nothing_new_and_every_page_renders_in_russian(client, demo):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from wagtail.images.models import Image

    counts = (
        Page.objects.count(),
        Region.objects.count(),
        get_user_model().objects.count(),
        Group.objects.count(),
        Image.objects.count(),
    )
    call_command("seed_demo", stdout=io.StringIO())
    assert counts == (
        Page.objects.count(),
        Region.objects.count(),
        get_user_model().objects.count(),
        Group.objects.count(),
        Image.objects.count(),
    )
    assert HomePage.objects.count() == 1
    assert RegionPage.objects.count() == 5
    assert ContentPage.objects.filter(slug="about").count() == 1
    for page in Page.objects.live().filter(depth__gt=1).specific():
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        html = response.content.decode()
        assert page.title in html
        assert "Добровольчество" in html


def test_demo_editors_and_moderators_exist_for_every_region(demo):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    for region in Region.objects.all():
        assert (
            User.objects.get(username=f"editor-{region.slug}")
            .groups.filter(pk=region.editors_group_id)
            .exists()
        )
        assert (
            User.objects.get(username=f"moderator-{region.slug}")
            .groups.filter(pk=region.moderators_group_id)
            .exists()
        )
    assert User.objects.get(username="admin").is_superuser


def test_admin_speaks_russian(client, demo):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="admin"))
    html = client.get("/admin/").content.decode()
    assert "Панель управления" in html
