"""The home page is light on first load (≤ 300 KB: HTML, CSS, JS, fonts, images),
and images are served as responsive renditions: WebP with a JPEG fallback in a
<picture>, with width and height set (issue 7). The bench measures the same in
headless Chromium; here every asset the HTML references is fetched over HTTP."""

import json
import re
from html.parser import HTMLParser

from django.conf import settings
from django.core.files.storage import default_storage
from django.test import Client

import pytest

from home.models import HomePage

from .conftest import make_image

pytestmark = pytest.mark.django_db

BUDGET = 300 * 1024


class Assets(HTMLParser):
    """What a browser fetches for a page: stylesheets, scripts, icons, images
    (for a srcset, its largest candidate: the worst case)."""

    def __init__(self):
        super().__init__()
        self.urls = set()
        self.pictures = []
        self.images = []
        self._picture = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") in ("stylesheet", "icon", "preload"):
            self.urls.add(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.urls.add(attrs["src"])
        elif tag == "picture":
            self._picture = {"sources": []}
        elif tag == "source" and self._picture is not None:
            self._picture["sources"].append(attrs)
        elif tag == "img":
            self.images.append(attrs)
            if self._picture is not None:
                self._picture["img"] = attrs
                candidates = (
                    self._picture["sources"][0]["srcset"]
                    if self._picture["sources"]
                    else attrs.get("srcset") or attrs["src"]
                )
                self.urls.add(self.largest(candidates))
            else:
                self.urls.add(self.largest(attrs.get("srcset") or attrs["src"]))

    def handle_endtag(self, tag):
        if tag == "picture" and self._picture is not None:
            self.pictures.append(self._picture)
            self._picture = None

    @staticmethod
    def largest(srcset):
        candidates = [part.strip().split() for part in srcset.split(",") if part.strip()]
        return max(candidates, key=lambda c: int(c[1][:-1]) if len(c) > 1 else 0)[0]


def fetched_size(client, url):
    if url.startswith(settings.MEDIA_URL):
        # Media are served by the web server in production, not by Django.
        return default_storage.size(url[len(settings.MEDIA_URL) :])
    response = client.get(url)
    assert response.status_code == 200, url
    if getattr(response, "streaming", False):
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


def with_image_on_home():
    home = HomePage.objects.get()
    image = make_image("Волонтёры на встрече", size=(1800, 1200))
    home.body = json.dumps(
        [
            {
                "type": "image",
                "value": {"image": image.pk, "alt_text": "Волонтёры", "decorative": False},
            }
        ]
    )
    home.save_revision().publish()
    return image


def test_home_page_first_load_stays_under_300_kb(portal, settings):  # noqa: F811
    settings.WHITENOISE_USE_FINDERS = True  # static files as WhiteNoise serves them
    with_image_on_home()
    client = Client()
    response = client.get("/")
    assert response.status_code == 200
    parser = Assets()
    parser.feed(response.content.decode())
    assert any(url.endswith(".css") for url in parser.urls)
    assert any("/media/" in url for url in parser.urls), "the home page shows its image"

    total = len(response.content) + sum(fetched_size(client, url) for url in parser.urls)
    assert total <= BUDGET, f"{total / 1024:.0f} KB: {sorted(parser.urls)}"


def test_images_are_webp_with_a_jpeg_fallback_and_sized(portal):
    with_image_on_home()
    for url in ["/", portal.practice.url]:
        parser = Assets()
        parser.feed(Client().get(url).content.decode())
        assert parser.pictures, url
        for picture in parser.pictures:
            assert picture["sources"][0]["type"] == "image/webp"
            assert ".webp" in picture["sources"][0]["srcset"]
            img = picture["img"]
            assert re.search(r"\.jpg$", img["src"]), img["src"]
            assert len(img["srcset"].split(",")) >= 2, "several widths to choose from"
            assert int(img["width"]) > 0 and int(img["height"]) > 0
            assert img.get("loading") == "lazy"
        for img in parser.images:
            if "/media/" in img.get("src", ""):
                assert img.get("width") and img.get("height"), img
