"""«Карта сайта» for people, the Russian 404 under `make run`, the admin's name."""

from django.contrib.auth import get_user_model

import pytest

from tests.conftest import add_page


def test_the_sitemap_link_opens_an_html_page_of_the_sections(client, regions):
    about = add_page(regions["karelia"].hub, "О программе в Карелии", slug="about")
    add_page(about, "Контакты", slug="contacts")
    add_page(regions["crimea"].hub, "Одинокая заметка", slug="note")
    footer = client.get("/").content.decode()
    assert 'href="/sitemap/"' in footer and 'href="/sitemap.xml"' not in footer.split("<footer")[1]

    response = client.get("/sitemap/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "<h1>Карта сайта</h1>" in page
    assert "Республика Карелия" in page and "Республика Крым" in page
    assert "О программе в Карелии" in page  # a hub's section (it has pages of its own)
    assert "Одинокая заметка" not in page  # a hub's single pages are not listed one by one
    assert 'href="/sitemap.xml"' in page  # still there for search engines


def test_a_wrong_address_under_make_run_shows_the_russian_404_not_the_debug_page(
    client, settings, home_page
):
    from cms.settings import dev

    settings.DEBUG = True
    settings.MIDDLEWARE = dev.MIDDLEWARE
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Страница не найдена" in page
    assert "Using the URLconf" not in page and "Page not found" not in page


@pytest.mark.django_db
def test_the_admin_greets_with_the_portals_name_not_localhost(client, home_page):
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw-123456")
    client.force_login(admin)
    page = client.get("/admin/").content.decode()
    assert "Добровольчество в социальной сфере" in page
    assert "localhost" not in page


def test_the_admin_loads_no_avatar_from_a_foreign_service(client, home_page):
    editor = get_user_model().objects.create_superuser("ed", "ed@example.org", "pw-123456")
    client.force_login(editor)
    for url in ("/admin/", "/admin/account/"):
        page = client.get(url).content.decode()
        assert "gravatar" not in page.lower(), url
