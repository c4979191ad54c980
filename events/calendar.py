"""iCalendar (RFC 5545) output: one event, a registrant's event, and feeds.

Times are written in UTC (`...Z`), which every calendar program converts to
the reader's zone; the human description names the event's local time.
"""

import datetime
from urllib.parse import urlparse

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from icalendar import Calendar, Event

PRODID = "-//dobro-social//events//RU"


def _calendar(name=None):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def _location(event):
    return ", ".join(part for part in (event.venue_name, event.venue_address) if part)


def _vevent(event, request=None, with_online_link=False):
    item = Event()
    host = urlparse(settings.WAGTAILADMIN_BASE_URL).hostname or "localhost"
    item.add("uid", f"event-{event.pk}@{host}")
    item.add("dtstamp", timezone.now())
    item.add("dtstart", event.start.astimezone(datetime.UTC))
    item.add("dtend", event.end.astimezone(datetime.UTC))
    item.add("summary", event.title)
    from .tokens import absolute

    url = absolute(event.get_url(request) or "")
    if url:
        item.add("url", url)
    location = _location(event)
    if with_online_link and event.online_url:
        location = f"{location} {event.online_url}".strip() if location else event.online_url
    if location:
        item.add("location", location)
    description = [
        f"{event.get_kind_display()}. "
        + _("Начало: %(start)s, %(zone)s.")
        % {"start": event.local_start.strftime("%d.%m.%Y %H:%M"), "zone": event.zone_label}
    ]
    if event.summary:
        description.append(event.summary)
    if with_online_link and event.online_url:
        description.append(_("Ссылка на подключение: %(url)s") % {"url": event.online_url})
    if url:
        description.append(url)
    item.add("description", "\n".join(description))
    if event.organiser_email:
        item.add("organizer", f"mailto:{event.organiser_email}")
    return item


def event_calendar(event, request=None, with_online_link=False):
    calendar = _calendar()
    calendar.add_component(_vevent(event, request, with_online_link))
    return calendar.to_ical()


def _ics_response(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def event_response(request, event):
    """The public .ics of one event (no online link: that is for participants)."""
    return _ics_response(event_calendar(event, request), f"{slugify(event.slug) or 'event'}.ics")


def feed_response(request, region):
    from .models import upcoming_events

    name = _("События программы")
    if region is not None:
        name = f"{name}: {region.name}"
    calendar = _calendar(name)
    for event in upcoming_events(region=region):
        calendar.add_component(_vevent(event, request))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="events.ics"'
    return response
