"""RSS 2.0 and Atom feeds of the library's newest practices and materials,
for the whole programme or one region (/feeds/..., see practices/urls.py)."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from home.models import Region

from .models import MethodMaterialPage, SuccessStoryPage, newest_first

KINDS = {
    "practices": (SuccessStoryPage, "/practices/"),
    "materials": (MethodMaterialPage, "/materials/"),
}


class LibraryFeed(Feed):
    """One class for both kinds, both formats, with or without a region."""

    feed_type = Rss201rev2Feed

    def get_object(self, request, kind, region=None):
        model, listing_path = KINDS[kind]
        region_obj = get_object_or_404(Region, slug=region) if region else None
        return {"kind": kind, "model": model, "path": listing_path, "region": region_obj}

    def title(self, obj):
        label = _("Практики") if obj["kind"] == "practices" else _("Методические материалы")
        if obj["region"]:
            return f"{label} — {obj['region'].name}"
        return f"{label} — {settings.WAGTAIL_SITE_NAME}"

    def link(self, obj):
        if obj["region"]:
            return f"{obj['path']}?region={obj['region'].slug}"
        return obj["path"]

    def description(self, obj):
        if obj["kind"] == "practices":
            return _("Новые успешные практики добровольческих социальных услуг")
        return _("Новые методические материалы программы")

    def items(self, obj):
        queryset = (
            obj["model"].objects.live().public().select_related("region").order_by(*newest_first())
        )
        if obj["region"]:
            queryset = queryset.filter(region=obj["region"])
        return queryset[: settings.PRACTICES_FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url()

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [item.region.name] if item.region else []


class LibraryAtomFeed(LibraryFeed):
    feed_type = Atom1Feed
    subtitle = LibraryFeed.description
