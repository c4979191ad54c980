"""Browser fixtures for the journeys: a page at a given screen width, axe-core
(from npm, node_modules/) and the check that nothing scrolls sideways."""

from pathlib import Path

from django.conf import settings

import pytest

from tests.conftest import in_ci
from tests.events.conftest import conference, events_index  # noqa: F401 - shared fixtures

AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP, PHONE = 1366, 320
PHONE_WIDE = 390  # a common phone today: 390×844
HEIGHTS = {DESKTOP: 768}
SERIOUS = ("critical", "serious")


@pytest.fixture
def axe_source():
    """axe-core's script; skips on a laptop without `npm ci`, fails in CI (CI=true)."""
    if not AXE_JS.exists():
        message = f"axe-core not found at {AXE_JS} (run `npm ci`, or `make install`)"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture
def open_page(browser):
    """open_page(width) -> a page in a fresh Russian-locale context of that width.

    CSP is bypassed so that axe-core can be injected into pages whose policy
    forbids inline scripts (the forum, the accounts).
    """
    contexts = []

    def make(width=DESKTOP):
        context = browser.new_context(
            locale="ru-RU",
            viewport={"width": width, "height": HEIGHTS.get(width, 844)},
            bypass_csp=True,
            accept_downloads=True,
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        return page

    yield make
    for context in contexts:
        context.close()


def serious_violations(page, axe_source):
    """axe-core's critical and serious violations on the page as it is now."""
    page.add_script_tag(content=axe_source)
    return page.evaluate(
        """async () => (await axe.run(document)).violations
            .filter(v => ["critical", "serious"].includes(v.impact))
            .map(v => v.id + " (" + v.impact + "): "
                 + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | "))"""
    )


def sideways_overflow(page):
    """How many pixels the page scrolls sideways (0 when it does not)."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def in_view(page, selector):
    """Whether the element's top is inside the viewport without scrolling by hand."""
    return page.evaluate(
        """(selector) => { const r = document.querySelector(selector).getBoundingClientRect();
            return r.top >= 0 && r.top < window.innerHeight && r.height > 0; }""",
        selector,
    )
