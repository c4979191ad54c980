"""Signed links for registrants without an account (django.core.signing).

Two purposes with their own salts: confirming the e-mail (short-lived) and
managing the registration (until EVENTS_MANAGE_LINK_DAYS_AFTER days after the
event, checked by the view). A link carries the registration's id and a short
keyed hash of its e-mail (never the address itself: the payload is only base64),
so it stops working if either changes.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from background import links

SALTS = {"confirm": "events.registration.confirm", "manage": "events.registration.manage"}


def max_age(purpose):
    if purpose == "confirm":
        return datetime.timedelta(days=getattr(settings, "EVENTS_CONFIRM_LINK_DAYS", 3))
    return datetime.timedelta(days=getattr(settings, "EVENTS_MANAGE_LINK_DAYS", 400))


def email_hash(email):
    return salted_hmac("events.registration.email", email.lower()).hexdigest()[:16]


def make_token(registration, purpose):
    return signing.dumps(
        {"r": registration.pk, "h": email_hash(registration.email)}, salt=SALTS[purpose]
    )


class LinkExpired(Exception):
    pass


class LinkInvalid(Exception):
    pass


def read_token(token, purpose):
    """Return (registration id, e-mail hash) or raise LinkExpired / LinkInvalid.
    Links mailed before the hash (payload "e", the address) still read."""
    try:
        payload = signing.loads(token, salt=SALTS[purpose], max_age=max_age(purpose))
    except signing.SignatureExpired as error:
        raise LinkExpired() from error
    except signing.BadSignature as error:
        raise LinkInvalid() from error
    if not isinstance(payload, dict) or "r" not in payload:
        raise LinkInvalid()
    if "h" in payload:
        return payload["r"], payload["h"]
    if "e" in payload:
        return payload["r"], email_hash(payload["e"])
    raise LinkInvalid()


def matches(registration, hashed):
    return constant_time_compare(email_hash(registration.email), str(hashed))


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


def manage_link_ended(event):
    """A view/cancel link lives until EVENTS_MANAGE_LINK_DAYS_AFTER days after the event."""
    end = event.end or event.start
    if end is None:
        return False
    days = getattr(settings, "EVENTS_MANAGE_LINK_DAYS_AFTER", 30)
    return timezone.now() > end + datetime.timedelta(days=days)
