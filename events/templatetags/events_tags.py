from django import template

from home import lookups

from ..models import EventIndexPage
from ..models import upcoming_events as upcoming_events_query

register = template.Library()


@register.inclusion_tag("events/includes/upcoming_events.html", takes_context=True)
def upcoming_events(context, limit=3, region=None):
    """The next events (of one region, or all): for the home page and region hubs."""
    # The events index is unique and sits under the home page (its model says so).
    all_url = lookups.section_url(EventIndexPage) or ""
    if all_url and region is not None:
        all_url = f"{all_url}?region={region.slug}"
    return {
        "request": context.get("request"),
        # The columns a teaser shows: its link, kind and time in the region's zone.
        "events": list(
            upcoming_events_query(region=region, limit=limit).only(
                *lookups.LINK_FIELDS, "kind", "start", "end", "region"
            )
        ),
        "region": region,
        "all_url": all_url,
    }
