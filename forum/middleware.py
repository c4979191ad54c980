"""Forum middleware: machina's permission handler without anonymous sessions.

The forum's strict Content-Security-Policy is now the whole site's
(home/csp.py, CONTENT_SECURITY_POLICY in the settings).
"""

import uuid

from django.conf import settings

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


class ForumPermissionMiddleware:
    """machina's permission middleware without a session for anonymous readers.

    machina's own middleware stores a random «anonymous forum key» in the
    session of every anonymous visitor, so each anonymous page view writes a
    session row. The key only matters when an anonymous visitor votes in a poll
    or posts (it ties the post to them), so here it is read from an existing
    session and created only on such unsafe requests.
    """

    session_key = "_anonymous_forum_key"

    def __init__(self, get_response):
        from .permission_handler import PortalPermissionHandler

        self.get_response = get_response
        self.handler_class = PortalPermissionHandler

    def __call__(self, request):
        if not request.user.is_authenticated:
            forum_key = None
            if settings.SESSION_COOKIE_NAME in request.COOKIES:
                forum_key = request.session.get(self.session_key)
            if forum_key is None and request.method not in SAFE_METHODS:
                forum_key = uuid.uuid4().hex
                request.session[self.session_key] = forum_key
            request.user.forum_key = forum_key
        request.forum_permission_handler = self.handler_class()
        return self.get_response(request)
