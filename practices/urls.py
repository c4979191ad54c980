"""Feed addresses, mounted at /feeds/ in cms/urls.py:

/feeds/practices/rss/, /feeds/practices/atom/, /feeds/materials/rss/, ...
and per region: /feeds/practices/karelia/rss/.
"""

from django.urls import re_path

from .feeds import LibraryAtomFeed, LibraryFeed

app_name = "practices"

KIND = r"(?P<kind>practices|materials)"
REGION = r"(?P<region>[-a-z0-9_]{1,60})"

urlpatterns = [
    re_path(rf"^{KIND}/rss/$", LibraryFeed(), name="feed_rss"),
    re_path(rf"^{KIND}/atom/$", LibraryAtomFeed(), name="feed_atom"),
    re_path(rf"^{KIND}/{REGION}/rss/$", LibraryFeed(), name="region_feed_rss"),
    re_path(rf"^{KIND}/{REGION}/atom/$", LibraryAtomFeed(), name="region_feed_atom"),
]
