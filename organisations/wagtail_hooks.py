"""Organisations in the Wagtail admin: a regional list under the one rule
(home.regional_admin), and who works where."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from home.permissions import allowed
from home.regional_admin import RegionalSnippetViewSet

from .models import Membership, Organisation


class OrganisationViewSet(RegionalSnippetViewSet):
    model = Organisation
    icon = "group"
    list_display = ["name", "org_type", "region", "city", "status", "is_participant"]
    list_filter = ["region", "org_type", "status", "is_participant"]
    search_fields = ["name", "city"]


class MembershipViewSet(RegionalSnippetViewSet):
    """A membership belongs to its organisation's region; its moderators name the
    representatives who fill in the periodic reports."""

    model = Membership
    icon = "user"
    list_display = ["user", "organisation", "is_representative", "since"]
    list_filter = ["is_representative", "organisation__region"]
    panels = [FieldPanel("is_representative")]

    def get_queryset(self, request):
        """Who works where is personal data: a region's moderators list their
        region's members only (issue 22, item 7); the edit view checks the row."""
        rows = Membership.objects.select_related("user", "organisation__region")
        return allowed(request.user, "edit", rows)


class OrganisationsGroup(SnippetViewSetGroup):
    items = (OrganisationViewSet, MembershipViewSet)
    menu_icon = "group"
    menu_label = _("Организации")
    menu_name = "organisations"
    menu_order = 250


register_snippet(OrganisationsGroup)
