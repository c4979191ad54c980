"""The library in the Wagtail admin: its editable lists as snippets and flat
listings of practices and materials that can be filtered by region."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

import django_filters

from home.models import Region

from .models import (
    Indicator,
    MethodMaterialPage,
    ServiceType,
    SuccessStoryPage,
    TargetGroup,
)


class TargetGroupViewSet(SnippetViewSet):
    model = TargetGroup
    icon = "user"
    list_display = ["name", "slug", "sort_order"]


class ServiceTypeViewSet(SnippetViewSet):
    model = ServiceType
    icon = "list-ul"
    list_display = ["name", "slug", "sort_order"]


class IndicatorViewSet(SnippetViewSet):
    model = Indicator
    icon = "table"
    list_display = ["name", "default_unit", "sort_order"]


class LibraryListsGroup(SnippetViewSetGroup):
    items = (TargetGroupViewSet, ServiceTypeViewSet, IndicatorViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Справочники библиотеки")
    menu_name = "library-lists"
    menu_order = 260


register_snippet(LibraryListsGroup)


def _region_filter():
    return django_filters.ModelChoiceFilter(
        field_name="region",
        label=_("Регион"),
        queryset=Region.objects.all(),
        empty_label=_("Все регионы"),
    )


class PracticeFilterSet(PageFilterSet):
    region = _region_filter()

    class Meta:
        model = SuccessStoryPage
        fields = ["region", "stage", "live"]


class MaterialFilterSet(PageFilterSet):
    region = _region_filter()

    class Meta:
        model = MethodMaterialPage
        fields = ["region", "material_type", "live"]


class PracticeListingViewSet(PageListingViewSet):
    model = SuccessStoryPage
    icon = "pick"
    menu_label = _("Практики")
    menu_order = 210
    add_to_admin_menu = True
    filterset_class = PracticeFilterSet
    columns = PageListingViewSet.columns + [
        Column("region", label=_("Регион"), sort_key="region__name"),
        Column("get_stage_display", label=_("Стадия")),
    ]


class MaterialListingViewSet(PageListingViewSet):
    model = MethodMaterialPage
    icon = "doc-full-inverse"
    menu_label = _("Материалы")
    menu_order = 220
    add_to_admin_menu = True
    filterset_class = MaterialFilterSet
    columns = PageListingViewSet.columns + [
        Column("region", label=_("Регион"), sort_key="region__name"),
        Column("get_material_type_display", label=_("Тип")),
    ]


@hooks.register("register_admin_viewset")
def register_practice_listing():
    return PracticeListingViewSet("practice_pages")


@hooks.register("register_admin_viewset")
def register_material_listing():
    return MaterialListingViewSet("material_pages")
