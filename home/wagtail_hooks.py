from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Region


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "globe"
    menu_label = _("Регионы")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name", "slug", "time_zone", "is_interregional"]
    search_fields = ["name"]


register_snippet(RegionViewSet)


@hooks.register("before_serve_page")
def name_page_cache_areas(page, request, serve_args, serve_kwargs):
    """A page model's `page_cache_areas` (the content areas its page shows, see
    home.page_cache) go to the page cache with the request."""
    areas = getattr(page, "page_cache_areas", None)
    if areas:
        request.page_cache_areas = areas


@hooks.register("insert_global_admin_js")
def admin_accessibility_js():
    """Names for the admin's unnamed rich-text boxes and status link (static/js/admin-a11y.js)."""
    return format_html('<script src="{}" defer></script>', static("js/admin-a11y.js"))
