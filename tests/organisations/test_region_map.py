"""Issue 22, item 9: the directory draws the regions as an SVG on the server (no
map service), each circle with its region's count of organisations."""

import re

from django.urls import reverse

from .conftest import make_org


def test_directory_shows_the_regions_map_with_their_counts(client, regions, library):
    for number in range(3):
        make_org(f"АНО «Карелия {number}»", regions["karelia"])
    make_org("АНО «Крым»", regions["crimea"])
    make_org("Предложенная", regions["crimea"], status="proposed")
    html = client.get(reverse("organisations:directory")).content.decode()
    svg = re.search(r"<svg viewBox=\"0 0 360 400\" role=\"group\".*?</svg>", html, re.S).group(0)
    assert "<title>Республика Карелия: 3</title>" in svg
    assert "<title>Республика Крым: 1</title>" in svg
    assert "<title>Калининградская область: 0</title>" in svg
    # An image, not links inside one (axe: nested-interactive); the table links.
    assert "<a " not in svg
    assert "//" not in svg  # nothing fetched from elsewhere
    radii = dict(re.findall(r'r="([\d.]+)"[^>]*><title>([^:]+):', svg)[i][::-1] for i in range(4))
    assert float(radii["Республика Карелия"]) > float(radii["Республика Крым"])
