"""The portal's own «Страница не найдена» also under DEBUG (`make run`).

With DEBUG on, Django answers a Http404 with its English technical page, which
a participant trying the portal locally takes for a crash. Django calls a
middleware's process_exception() before that page is made
(https://docs.djangoproject.com/en/5.2/topics/http/middleware/#process-exception),
so the site's 404 template answers instead. Only dev.py adds this middleware;
without DEBUG Django uses handler404 anyway.
"""

from django.http import Http404

from .views import page_not_found


class NotFoundPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        return None
