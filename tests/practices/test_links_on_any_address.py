"""Links that leave the page (the API's html_url, share links, Open Graph, letters)
use the address the portal is served on: `make run PORT=8101` points the default
Site at it (`manage.py site_address`), and every absolute link follows (issue 20)."""

import io
from urllib.parse import quote

from django.core import mail
from django.core.management import CommandError, call_command

from wagtail.models import Site

import pytest

from tests.events.conftest import conference, events_index, form_data  # noqa: F401
from tests.practices.conftest import make_practice

ADDRESS = "http://127.0.0.1:8101"
HOST = {"HTTP_HOST": "127.0.0.1:8101"}


@pytest.fixture
def served_on_8101(db, home_page):
    out = io.StringIO()
    call_command("site_address", ADDRESS, stdout=out)
    assert out.getvalue().strip() == f"Site: {ADDRESS}"
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def practice(library, regions):
    return make_practice(regions["karelia"], "Передышка", slug="peredyshka")


def test_site_address_sets_the_default_sites_host_and_port_and_refuses_a_non_url(
    served_on_8101,
):
    assert (served_on_8101.hostname, served_on_8101.port) == ("127.0.0.1", 8101)
    assert served_on_8101.root_url == ADDRESS
    with pytest.raises(CommandError):
        call_command("site_address", "127.0.0.1:8101", stdout=io.StringIO())
    served_on_8101.refresh_from_db()
    assert (served_on_8101.hostname, served_on_8101.port) == ("127.0.0.1", 8101)


def test_the_api_html_url_uses_the_address_the_portal_is_served_on(
    client, served_on_8101, practice
):
    response = client.get("/api/v2/pages/?type=practices.SuccessStoryPage", **HOST)
    assert response.status_code == 200
    [item] = response.json()["items"]
    assert item["meta"]["html_url"] == f"{ADDRESS}/karelia/peredyshka/"
    detail = client.get(f"/api/v2/pages/{practice.pk}/", **HOST).json()
    assert detail["meta"]["html_url"] == f"{ADDRESS}/karelia/peredyshka/"


def test_share_links_and_open_graph_use_the_address_the_portal_is_served_on(
    client, served_on_8101, practice
):
    page = client.get("/karelia/peredyshka/", **HOST).content.decode()
    full = f"{ADDRESS}/karelia/peredyshka/"
    assert f'<meta property="og:url" content="{full}">' in page
    assert f"https://vk.com/share.php?url={quote(full, safe='')}" in page
    assert f"https://t.me/share/url?url={quote(full, safe='')}" in page
    assert "localhost" not in page


def test_a_letter_sent_while_answering_a_request_links_to_that_address(
    client,
    served_on_8101,
    conference,  # noqa: F811 - fixture
):
    response = client.post("/crimea/conference/", form_data(), **HOST)
    assert response.status_code == 302
    [letter] = mail.outbox
    links = [word for word in letter.body.split() if "://" in word]
    assert links and all(link.startswith(f"{ADDRESS}/") for link in links), links
