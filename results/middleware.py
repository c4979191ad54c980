"""Counts views of pages that ask for it, whether the page was rendered or
replayed from the page cache: the page adds an `X-Count-View: <kind>:<id>`
header (kept with the cached page), this middleware (outside the page cache)
records it in the shared cache and removes the header. Kinds other than the
daily counts of results.counters name their own recorder in RECORDERS."""

from django.utils.module_loading import import_string

from . import counters

HEADER = "X-Count-View"
# kind -> "dotted.path" of a function(request, object_id) that records one view.
RECORDERS = {"forum-topic": "forum.view_counts.record_request_view"}


class CountViewsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        marker = response.get(HEADER)
        if marker:
            del response[HEADER]
        if marker and request.method == "GET" and response.status_code == 200:
            kind, _sep, object_id = marker.partition(":")
            if object_id.isdigit():
                if kind in RECORDERS:
                    import_string(RECORDERS[kind])(request, int(object_id))
                else:
                    counters.record(kind, int(object_id))
        return response
