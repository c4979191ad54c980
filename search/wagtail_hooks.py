"""The field's synonyms in the Wagtail admin: «Синонимы поиска» under Settings."""

from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SynonymGroup


class SynonymGroupViewSet(SnippetViewSet):
    model = SynonymGroup
    icon = "search"
    menu_label = _("Синонимы поиска")
    menu_name = "search-synonyms"
    menu_order = 270
    add_to_settings_menu = True
    list_display = ["__str__", "comment", "updated_at"]
    search_fields = ["terms", "comment"]


register_snippet(SynonymGroupViewSet)
