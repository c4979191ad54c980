"""The Content-Security-Policy of every response (django-csp 4).

The site's pages get `CONTENT_SECURITY_POLICY`; the Wagtail and Django admins,
under `CONTENT_SECURITY_POLICY_ADMIN["PATH_PREFIXES"]`, the looser admin policy
Wagtail's editor works under. A response that sets its own policy (private files:
`default-src 'none'; sandbox`) or a view decorated with django-csp's decorators
keeps it. The policy carries no nonce, so one cached copy of a page fits every
visitor (home/page_cache.py stores the header with the page).
"""

from django.conf import settings

from csp.middleware import CSPMiddleware
from csp.utils import default_config


class PortalCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        admin = settings.CONTENT_SECURITY_POLICY_ADMIN
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(tuple(admin["PATH_PREFIXES"]))
        ):
            parts.config = default_config(admin["DIRECTIVES"])
        return parts
