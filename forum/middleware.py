"""A strict Content-Security-Policy for the forum and account pages.

Posts are written by members, so the forum is where injected markup would
land: the policy forbids inline scripts and foreign sources there even if a
payload slipped past the sanitiser (see forum/markup.py).
"""

FORUM_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
)
PROTECTED_PREFIXES = ("/forum/", "/accounts/")


class ForumContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(PROTECTED_PREFIXES):
            response.headers.setdefault("Content-Security-Policy", FORUM_CSP)
        return response
