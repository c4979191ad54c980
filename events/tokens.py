"""Signed links for registrants without an account (django.core.signing).

Two purposes with their own salts: confirming the e-mail (short-lived) and
managing the registration (valid for a long time). A link carries the
registration's id and e-mail, so it stops working if either changes.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse

from background import links

SALTS = {"confirm": "events.registration.confirm", "manage": "events.registration.manage"}


def max_age(purpose):
    if purpose == "confirm":
        return datetime.timedelta(days=getattr(settings, "EVENTS_CONFIRM_LINK_DAYS", 3))
    return datetime.timedelta(days=getattr(settings, "EVENTS_MANAGE_LINK_DAYS", 400))


def make_token(registration, purpose):
    return signing.dumps({"r": registration.pk, "e": registration.email}, salt=SALTS[purpose])


class LinkExpired(Exception):
    pass


class LinkInvalid(Exception):
    pass


def read_token(token, purpose):
    """Return (registration id, e-mail) or raise LinkExpired / LinkInvalid."""
    try:
        payload = signing.loads(token, salt=SALTS[purpose], max_age=max_age(purpose))
    except signing.SignatureExpired as error:
        raise LinkExpired() from error
    except signing.BadSignature as error:
        raise LinkInvalid() from error
    if not isinstance(payload, dict) or "r" not in payload or "e" not in payload:
        raise LinkInvalid()
    return payload["r"], payload["e"]


def path(registration, purpose):
    """The site-relative URL of a registration's confirm or manage page."""
    name = "events:confirm" if purpose == "confirm" else "events:manage"
    return reverse(name, args=[make_token(registration, purpose)])


def absolute(url):
    """An absolute URL for e-mails and calendars, on the Site the request came
    through (outside requests: the portal's base URL)."""
    return links.absolute(url)


def link(registration, purpose):
    return absolute(path(registration, purpose))
