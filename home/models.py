"""The portal's shared base: regions, the home page, region hubs and plain pages."""

import functools
import zoneinfo

from django.contrib.auth.models import Group
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Collection, Page
from wagtail.search import index

from .blocks import BodyStreamBlock
from .page_cache import CONTENT

TIME_ZONE_CHOICES = [
    ("Europe/Kaliningrad", _("Калининград (UTC+2)")),
    ("Europe/Moscow", _("Москва (UTC+3)")),
    ("Europe/Simferopol", _("Симферополь (UTC+3)")),
    ("Europe/Samara", _("Самара (UTC+4)")),
    ("Asia/Yekaterinburg", _("Екатеринбург (UTC+5)")),
    ("Asia/Omsk", _("Омск (UTC+6)")),
    ("Asia/Krasnoyarsk", _("Красноярск (UTC+7)")),
    ("Asia/Irkutsk", _("Иркутск (UTC+8)")),
    ("Asia/Yakutsk", _("Якутск (UTC+9)")),
    ("Asia/Vladivostok", _("Владивосток (UTC+10)")),
    ("Asia/Magadan", _("Магадан (UTC+11)")),
    ("Asia/Kamchatka", _("Камчатка (UTC+12)")),
]


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Неизвестный часовой пояс: %(tz)s"), params={"tz": value})


class KnownRestrictionsMixin:
    """Page models mix this in before Page: serving a page then asks the database
    for view restrictions only where there can be one.

    Wagtail looks them up on every page it serves, in two queries (the page's
    ancestors, then their restrictions). The tree paths of restricted pages and
    of aliases (an alias takes its source's restrictions) are memoised until
    content changes (home.lookups.guarded_paths); a page with none of those
    paths among its own and its ancestors' has no restriction to find. Any
    other page is left to Wagtail's own rule.
    """

    def get_view_restrictions(self):
        from wagtail.models import PageViewRestriction

        from .lookups import guarded_paths

        path = self.path or ""
        steplen = self.steplen
        own_and_ancestors = [path[:end] for end in range(steplen, len(path) + 1, steplen)]
        guarded = guarded_paths()
        if own_and_ancestors and not any(p in guarded for p in own_and_ancestors):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class RegionQuerySet(models.QuerySet):
    def regional(self):
        """The programme's regions proper, without the interregional section."""
        return self.filter(is_interregional=False)


class Region(models.Model):
    """A region of the programme (or the one interregional section).

    Regions are data: `manage.py setup_regions` gives every row its hub page,
    collection, editor and moderator groups, permissions and workflow.
    """

    name = models.CharField(_("название"), max_length=100, unique=True)
    slug = models.SlugField(
        _("адрес (slug)"),
        max_length=60,
        unique=True,
        help_text=_("Латиницей, используется в адресе страницы региона: /karelia/"),
    )
    name_locative = models.CharField(
        _("название в предложном падеже"),
        max_length=120,
        blank=True,
        help_text=_("Для фраз вида «практики в Республике Карелия»"),
    )
    time_zone = models.CharField(
        _("часовой пояс"),
        max_length=40,
        choices=TIME_ZONE_CHOICES,
        default="Europe/Moscow",
        validators=[validate_time_zone],
    )
    is_interregional = models.BooleanField(
        _("межрегиональный раздел"),
        default=False,
        help_text=_("Раздел всего проекта, а не отдельного региона. Может быть только один."),
    )
    sort_order = models.PositiveSmallIntegerField(_("порядок"), default=100)
    editors_group = models.OneToOneField(
        Group,
        verbose_name=_("группа редакторов"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="edited_region",
    )
    moderators_group = models.OneToOneField(
        Group,
        verbose_name=_("группа модераторов"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="moderated_region",
    )
    collection = models.OneToOneField(
        Collection,
        verbose_name=_("коллекция"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="region",
    )

    objects = RegionQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("name_locative"),
        FieldPanel("time_zone"),
        FieldPanel("is_interregional"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["is_interregional", "sort_order", "name"]
        verbose_name = _("регион")
        verbose_name_plural = _("регионы")
        constraints = [
            models.UniqueConstraint(
                fields=["is_interregional"],
                condition=models.Q(is_interregional=True),
                name="one_interregional_section",
            )
        ]

    def __str__(self):
        return self.name

    @cached_property
    def tzinfo(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def hub(self):
        return RegionPage.objects.filter(region=self).first()


class HomePage(KnownRestrictionsMixin, Page):
    """The root of the portal's page tree: intro, regions and what is new."""

    intro = RichTextField(
        _("вступление"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Короткий текст о программе в начале главной страницы"),
    )
    body = StreamField(BodyStreamBlock(), verbose_name=_("содержание"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("главная страница")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)

        def regions_with_hubs():
            from .lookups import LINK_FIELDS

            regions = list(Region.objects.regional())
            hubs = {
                hub.region_id: hub
                for hub in RegionPage.objects.live()
                .filter(region__in=regions)
                .only(*LINK_FIELDS, "search_description", "region")
            }
            return [(region, hubs.get(region.pk)) for region in regions]

        # Queried only when the template's fragment is not already rendered.
        context["regions"] = SimpleLazyObject(regions_with_hubs)
        return context


class RegionPage(KnownRestrictionsMixin, Page):
    """A region's hub: all of that region's editorial pages live under it.

    The interregional section is a hub too, of the region row marked
    `is_interregional`.
    """

    region = models.OneToOneField(
        Region,
        verbose_name=_("регион"),
        on_delete=models.PROTECT,
        related_name="hub_page",
        help_text=_("Регион, чьи материалы публикуются в этом разделе"),
    )
    intro = RichTextField(
        _("вступление"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Несколько предложений о добровольчестве в регионе"),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("изображение"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyStreamBlock(), verbose_name=_("содержание"), blank=True)
    contacts = RichTextField(
        _("контакты"),
        blank=True,
        features=["bold", "link"],
        help_text=_("Кто координирует программу в регионе и как с ним связаться"),
    )

    content_panels = Page.content_panels + [
        FieldPanel("region", permission="wagtailcore.add_page"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
        FieldPanel("contacts"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    # Rows the page always shows, loaded with it when a request is routed to it.
    route_select_related = ("region", "image")

    class Meta:
        verbose_name = _("страница региона")
        verbose_name_plural = _("страницы регионов")


def hub_region_of(page_or_path):
    """The region whose hub a page (or a tree path) sits under, or is; None elsewhere.

    Regional pages take their region from where they sit in the tree: this is
    the one place that knows how (`region_of` adds the page's own choice
    outside every hub).
    """
    path = getattr(page_or_path, "path", page_or_path)
    if not path:
        return None
    steplen = Page.steplen
    ancestors = [path[:i] for i in range(steplen, len(path) + 1, steplen)]
    hub = RegionPage.objects.filter(path__in=ancestors).select_related("region").first()
    return hub.region if hub else None


def region_of(page):
    """The region a page belongs to: the hub it sits under (or is), else the
    region chosen on the page itself (an event under /events/), else None."""
    if isinstance(page, RegionPage):
        return page.region
    region = hub_region_of(page)
    if region is None and getattr(page, "region_id", None) is not None:
        region = page.region
    return region


@functools.cache
def is_regional_page_model(model):
    """A page type with a `region` (a foreign key to Region): its region follows
    the tree (see `region_of`) — every such type, without declaring anything."""
    if not issubclass(model, Page) or issubclass(model, RegionPage):
        return False
    try:
        field = model._meta.get_field("region")
    except FieldDoesNotExist:
        return False
    return bool(field.many_to_one) and field.related_model is Region


def regional_page_models():
    from wagtail.models import get_page_models

    return [model for model in get_page_models() if is_regional_page_model(model)]


def take_region_from_tree(sender, instance, raw=False, **kwargs):
    """pre_save of every page: under a region's hub a regional page belongs to
    that region, whatever the form said; elsewhere it keeps what was chosen.
    Covers creation, copies and aliases (Wagtail saves each new page)."""
    if raw or not is_regional_page_model(type(instance)) or not instance.path:
        return
    hub_region = hub_region_of(instance)
    if hub_region is not None:
        instance.region = hub_region


def follow_move(sender, instance, **kwargs):
    """post_page_move: the moved page and every regional page below it take the
    region of their new place (the rows hanging off them — registrations,
    enrolments, answers, certificates — follow their page)."""
    from .page_cache import bulk_changes

    path = Page.objects.filter(pk=instance.pk).values_list("path", flat=True).first()
    if not path:
        return
    region = hub_region_of(path)
    if region is None:
        return  # outside every hub a page keeps the region chosen for it
    with bulk_changes():
        for model in regional_page_models():
            model.objects.filter(path__startswith=path).exclude(region=region).update(region=region)


class ContentPage(KnownRestrictionsMixin, Page):
    """A plain page of text (about the programme, contacts, consent texts...)."""

    summary = models.TextField(
        _("кратко"),
        blank=True,
        max_length=400,
        help_text=_("Одно-два предложения для списков и поисковой выдачи"),
    )
    body = StreamField(BodyStreamBlock(), verbose_name=_("содержание"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
    ]

    # What its page shows comes from site content alone: a forum post or a
    # registration leaves the cached page kept (home.page_cache).
    page_cache_areas = (CONTENT,)
    parent_page_types = ["home.HomePage", "home.RegionPage", "home.ContentPage"]

    class Meta:
        verbose_name = _("текстовая страница")
        verbose_name_plural = _("текстовые страницы")


@register_setting(icon="site")
class PortalSettings(BaseSiteSetting):
    """Site-wide contacts shown in the footer."""

    contact_email = models.EmailField(_("e-mail для связи"), blank=True)
    contact_phone = models.CharField(_("телефон"), max_length=40, blank=True)
    footer_text = models.TextField(
        _("текст в подвале"),
        blank=True,
        help_text=_("Например, сведения об операторе портала"),
    )

    panels = [FieldPanel("contact_email"), FieldPanel("contact_phone"), FieldPanel("footer_text")]

    class Meta:
        verbose_name = _("настройки портала")
