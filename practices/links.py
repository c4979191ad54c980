"""Feed addresses advertised in page heads and under listings."""

from django.urls import reverse
from django.utils.translation import gettext as _

FEED_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml"}


def feed_links(kind, region=None):
    """RSS and Atom links of `kind` ("practices" or "materials"), for one region
    when given, else for the whole programme."""
    label = _("Практики") if kind == "practices" else _("Материалы")
    if region is not None:
        label = f"{label} — {region.name}"
    links = []
    for fmt, mime in FEED_TYPES.items():
        if region is None:
            url = reverse(f"practices:feed_{fmt}", kwargs={"kind": kind})
        else:
            url = reverse(
                f"practices:region_feed_{fmt}", kwargs={"kind": kind, "region": region.slug}
            )
        links.append(
            {"type": mime, "title": f"{label} ({fmt.upper()})", "url": url, "label": fmt.upper()}
        )
    return links
