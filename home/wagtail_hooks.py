from django.utils.translation import gettext_lazy as _

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
