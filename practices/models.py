"""The practices library: success stories with structured results and the
library of methodological materials.

Tree: `PracticeIndexPage` (/practices/) and `MaterialIndexPage` (/materials/)
sit under the HomePage and list every region's items; the items themselves
(`SuccessStoryPage`, `MethodMaterialPage`) sit under a region's hub
(`home.RegionPage`, the interregional section included), which gives them their
region, editors and moderation workflow.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.expressions import Col
from django.http import HttpResponseRedirect
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from home import lookups
from home.blocks import BodyStreamBlock
from home.models import KnownRestrictionsMixin, Region, hub_region_of
from home.page_cache import CONTENT

# Organisations have their own app (issue 22); the library imports them from here too.
from organisations.models import Organisation, OrganisationType  # noqa: F401

from . import serializers
from .links import feed_links
from .text import stream_text

# --------------------------------------------------------------------------
# Editable lists (snippets)


class NamedItem(models.Model):
    """An entry of a short editable list: a name, a slug for URLs, an order."""

    name = models.CharField(
        _("название"), max_length=120, unique=True, help_text=_("Как показывать на сайте")
    )
    slug = models.SlugField(
        _("код для адреса"),
        max_length=60,
        unique=True,
        help_text=_("Латиницей; используется в адресах фильтров, например ?target=deti"),
    )
    sort_order = models.PositiveSmallIntegerField(
        _("порядок"), default=100, help_text=_("Меньшее число — выше в списках")
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class TargetGroup(NamedItem):
    """Who a practice or material serves: children, families, older people..."""

    class Meta(NamedItem.Meta):
        verbose_name = _("целевая группа")
        verbose_name_plural = _("целевые группы")


class ServiceType(NamedItem):
    """A kind of social service volunteers help to provide."""

    class Meta(NamedItem.Meta):
        verbose_name = _("вид услуги")
        verbose_name_plural = _("виды услуг")


class Indicator(NamedItem):
    """A result indicator practices report, summed per region on the hubs."""

    default_unit = models.CharField(
        _("единица измерения"),
        max_length=40,
        help_text=_("Подставляется, если в строке результата единица не указана: чел., ч"),
    )

    panels = NamedItem.panels + [FieldPanel("default_unit")]

    class Meta(NamedItem.Meta):
        verbose_name = _("показатель результата")
        verbose_name_plural = _("показатели результатов")


# --------------------------------------------------------------------------
# Tags (topics)


class PracticeTag(TaggedItemBase):
    content_object = ParentalKey(
        "practices.SuccessStoryPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class MaterialTag(TaggedItemBase):
    content_object = ParentalKey(
        "practices.MethodMaterialPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


# --------------------------------------------------------------------------
# Shared behaviour of library pages


# A child page's "pk" (and "id") is its own page_ptr_id column. Ordering by it after
# wagtailcore_page.first_published_at makes the database sort every published
# item to find the newest few; the page table's own id as the tiebreaker lets it
# walk that table's first_published_at index and stop after a page of rows.
PAGE_ID = Col(Page._meta.db_table, Page._meta.get_field("id"))


def newest_first(*leading):
    """Order by `leading`, then the newest publication first (index-friendly)."""
    return (*leading, "-first_published_at", PAGE_ID.desc())


class LibraryItemMixin(models.Model):
    """What success stories and materials share: a region taken from where the
    page sits, a summary, target groups and topics."""

    region = models.ForeignKey(
        Region,
        verbose_name=_("регион"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Определяется автоматически: раздел региона, в котором лежит страница"),
    )
    summary = models.TextField(
        _("кратко"),
        max_length=600,
        help_text=_("Два-три предложения для карточек, рассылок и RSS-лент"),
    )

    class Meta:
        abstract = True

    def topic_names(self):
        return [tag.name for tag in self.tags.all()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["share_url"] = self.get_full_url(request)
        context["feeds"] = feed_links(self.feed_kind) + (
            feed_links(self.feed_kind, self.region) if self.region_id else []
        )
        return context


# --------------------------------------------------------------------------
# Index pages


class LibraryIndexPage(KnownRestrictionsMixin, Page):
    """Shared base of the two library listings: an intro and faceted browsing."""

    intro = RichTextField(
        _("вступление"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Несколько слов над списком: что здесь собрано и как искать"),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    # What its page shows comes from site content alone: a forum post or a
    # registration leaves the cached page kept (home.page_cache).
    page_cache_areas = (CONTENT,)
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    per_page = 12

    class Meta:
        abstract = True

    listing_kind = None  # "practice" or "material", set by subclasses
    feed_kind = None  # "practices" or "materials"

    def serve(self, request, *args, **kwargs):
        # The filter form sends every field, chosen or not: the address people
        # share keeps only what was chosen («?region=karelia», not «?region=karelia
        # &target=&topic=&sort=new»).
        if request.method == "GET":
            query = request.GET.copy()
            for key in list(query):
                values = [v for v in query.getlist(key) if v and (key, v) != ("sort", "new")]
                if values:
                    query.setlist(key, values)
                else:
                    del query[key]
            if query != request.GET:
                encoded = query.urlencode()
                return HttpResponseRedirect(request.path + (f"?{encoded}" if encoded else ""))
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from .listing import build_listing

        context = super().get_context(request, *args, **kwargs)
        listing = build_listing(self.listing_kind, request, self.per_page)
        context["listing"] = listing
        context["feeds"] = feed_links(self.feed_kind) + (
            feed_links(self.feed_kind, listing.selected_region) if listing.selected_region else []
        )
        return context


class PracticeIndexPage(LibraryIndexPage):
    """/practices/: every region's success stories with filters and counts."""

    listing_kind = "practice"
    feed_kind = "practices"

    class Meta:
        verbose_name = _("каталог практик")
        verbose_name_plural = _("каталоги практик")


class MaterialIndexPage(LibraryIndexPage):
    """/materials/: the library of methodological materials of all regions."""

    listing_kind = "material"
    feed_kind = "materials"

    class Meta:
        verbose_name = _("библиотека материалов")
        verbose_name_plural = _("библиотеки материалов")


# --------------------------------------------------------------------------
# Success story


class Stage(models.TextChoices):
    DESCRIBED = "described", _("Описана")
    IMPLEMENTED = "implemented", _("Внедрена")
    EVALUATED = "evaluated", _("Оценена")
    REPLICATED = "replicated", _("Тиражирована")


PRACTICE_SECTIONS = [
    ("problem", _("Проблема")),
    ("solution", _("Решение и шаги")),
    ("resources", _("Ресурсы")),
    ("volunteers", _("Участие добровольцев")),
    ("results", _("Результаты")),
    ("lessons", _("Уроки и советы")),
]


def section_field(label, help_text):
    return StreamField(BodyStreamBlock(), verbose_name=label, blank=True, help_text=help_text)


class SuccessStoryPage(LibraryItemMixin, KnownRestrictionsMixin, Page):
    """A success story (practice) of volunteer social services, under a region's
    hub or the interregional section."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("организация"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practices",
        help_text=_("Кто реализует практику. Если её нет в списке — добавьте в «Организации»"),
    )
    target_groups = ParentalManyToManyField(
        TargetGroup,
        verbose_name=_("целевые группы"),
        related_name="practices",
        help_text=_("Для кого практика: отметьте все подходящие группы"),
    )
    service_types = ParentalManyToManyField(
        ServiceType,
        verbose_name=_("виды услуг"),
        related_name="practices",
        blank=True,
        help_text=_("Какие социальные услуги помогают оказывать добровольцы"),
    )
    tags = ClusterTaggableManager(
        verbose_name=_("темы"),
        through=PracticeTag,
        blank=True,
        help_text=_("Ключевые темы через запятую: наставничество, серебряные волонтёры"),
    )
    period_start = models.DateField(
        _("начало реализации"), help_text=_("Когда практика начала работать")
    )
    period_end = models.DateField(
        _("окончание"),
        null=True,
        blank=True,
        help_text=_("Пусто, если практика продолжается"),
    )
    stage = models.CharField(
        _("стадия"),
        max_length=16,
        choices=Stage.choices,
        default=Stage.DESCRIBED,
        help_text=_("Описана → внедрена → оценена → тиражирована в других местах"),
    )
    problem = section_field(_("проблема"), _("Какую проблему решает практика и для кого"))
    solution = section_field(_("решение и шаги"), _("Что и в каком порядке делается"))
    resources = section_field(
        _("ресурсы"), _("Люди, деньги, помещения, партнёры — что понадобилось")
    )
    volunteers = section_field(
        _("участие добровольцев"), _("Как привлекают, обучают и поддерживают добровольцев")
    )
    results = section_field(_("результаты"), _("Что изменилось; цифры — в «Показателях»"))
    lessons = section_field(
        _("уроки и советы"), _("Что бы сделали иначе, советы тем, кто будет повторять")
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("обложка"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Фотография практики; люди на ней должны дать согласие на публикацию"),
    )
    cover_alt = models.CharField(
        _("описание обложки"),
        max_length=250,
        blank=True,
        help_text=_("Что изображено — для незрячих читателей (альтернативный текст)"),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("problem"),
        FieldPanel("solution"),
        FieldPanel("resources"),
        FieldPanel("volunteers"),
        FieldPanel("results"),
        FieldPanel("lessons"),
    ]
    passport_panels = [
        FieldPanel("organisation"),
        FieldPanel("target_groups", widget=forms.CheckboxSelectMultiple),
        FieldPanel("service_types", widget=forms.CheckboxSelectMultiple),
        FieldPanel("tags"),
        FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
        FieldPanel("stage"),
        MultiFieldPanel([FieldPanel("cover_image"), FieldPanel("cover_alt")], _("Обложка")),
    ]
    results_panels = [
        InlinePanel("indicators", label=_("Показатели результатов"), heading=_("Показатели")),
    ]
    files_panels = [
        InlinePanel("attachments", label=_("Приложения"), heading=_("Приложения")),
        InlinePanel("related_links", label=_("Связанные страницы"), heading=_("Связанное")),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Содержание")),
            ObjectList(passport_panels, heading=_("Паспорт")),
            ObjectList(results_panels, heading=_("Результаты")),
            ObjectList(files_panels, heading=_("Файлы и связи")),
            ObjectList(Page.promote_panels, heading=_("Продвижение")),
            ObjectList(Page.settings_panels, heading=_("Настройки")),
        ]
    )

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("problem"),
        index.SearchField("solution"),
        index.SearchField("results"),
        index.FilterField("region"),
        index.FilterField("stage"),
    ]

    api_fields = [
        APIField("region", serializer=serializers.RegionSerializer()),
        APIField("organisation", serializer=serializers.OrganisationSerializer()),
        APIField("target_groups", serializer=serializers.NamedItemSerializer(many=True)),
        APIField("service_types", serializer=serializers.NamedItemSerializer(many=True)),
        APIField("topics", serializer=serializers.TopicsField(source="tags")),
        APIField("period_start"),
        APIField("period_end"),
        APIField("stage"),
        APIField("summary"),
        APIField("problem"),
        APIField("solution"),
        APIField("resources"),
        APIField("volunteers"),
        APIField("results"),
        APIField("lessons"),
        APIField("indicators"),
        APIField("attachments"),
    ]

    # What its page shows comes from site content alone: a forum post or a
    # registration leaves the cached page kept (home.page_cache).
    page_cache_areas = (CONTENT,)
    # Rows the page always shows, loaded with it when a request is routed to it.
    route_select_related = ("region", "organisation", "cover_image")
    parent_page_types = ["home.RegionPage"]
    subpage_types = []
    feed_kind = "practices"

    class Meta:
        verbose_name = _("практика")
        verbose_name_plural = _("практики")
        indexes = [
            # Covers the library's single-valued facets: counting them reads this
            # index instead of every practice's wide row (text and stream fields).
            models.Index(
                fields=["region", "organisation", "stage", "period_start"],
                name="practice_facets_idx",
            )
        ]

    def clean(self):
        super().clean()
        if self.period_end and self.period_start and self.period_end < self.period_start:
            raise ValidationError(
                {"period_end": _("Окончание не может быть раньше начала реализации.")}
            )

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # Counted by results.middleware on every view, the page cache's replays included.
        response["X-Count-View"] = f"practice_view:{self.pk}"
        return response

    def sections(self):
        """(label, stream) pairs of the filled-in story sections, in order."""
        return [
            (label, getattr(self, name)) for name, label in PRACTICE_SECTIONS if getattr(self, name)
        ]

    def search_document(self):
        body = "\n".join(stream_text(stream) for _label, stream in self.sections())
        if self.organisation_id:
            body = f"{self.organisation.name}\n{body}"
        return {
            "kind": "practice",
            "title": self.title,
            "summary": self.summary,
            "body": body,
            "region": self.region,
            "target_groups": [group.name for group in self.target_groups.all()],
            "date": self.first_published_at or self.latest_revision_created_at,
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)

        def related():
            ids = list(self.related_links.order_by("sort_order").values_list("page_id", flat=True))
            pages = {
                page.pk: page
                for page in lookups.public(Page.objects.live()).filter(pk__in=ids).specific()
            }
            return [pages[pk] for pk in ids if pk in pages]

        # Lazy: queried only when the page's {% fragment %} is not already rendered.
        context["indicators"] = SimpleLazyObject(
            lambda: list(self.indicators.select_related("indicator").order_by("sort_order"))
        )
        context["attachments"] = SimpleLazyObject(
            lambda: list(self.attachments.select_related("document").order_by("sort_order"))
        )
        context["related"] = SimpleLazyObject(related)
        return context


class PracticeIndicatorRow(Orderable):
    """One measured result of a practice: indicator, value, unit, period."""

    page = ParentalKey(SuccessStoryPage, on_delete=models.CASCADE, related_name="indicators")
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("показатель"),
        on_delete=models.PROTECT,
        related_name="rows",
        help_text=_("Выберите из списка; новые показатели добавляет администратор"),
    )
    value = models.DecimalField(
        _("значение"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text=_("Число без пробелов; дробную часть отделяйте точкой"),
    )
    unit = models.CharField(
        _("единица"),
        max_length=40,
        blank=True,
        help_text=_("Если пусто — единица показателя по умолчанию"),
    )
    period = models.CharField(
        _("период"),
        max_length=60,
        blank=True,
        help_text=_("За какой срок: «2025 год», «январь–июнь 2025»"),
    )

    panels = [
        FieldPanel("indicator", widget=forms.Select),
        FieldRowPanel([FieldPanel("value"), FieldPanel("unit"), FieldPanel("period")]),
    ]
    api_fields = [
        APIField("indicator", serializer=serializers.NamedItemSerializer()),
        APIField("value"),
        APIField("unit"),
        APIField("period"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("показатель практики")
        verbose_name_plural = _("показатели практики")

    @property
    def unit_display(self):
        return self.unit or self.indicator.default_unit

    def save(self, *args, **kwargs):
        if not self.unit and self.indicator_id:
            self.unit = self.indicator.default_unit
        super().save(*args, **kwargs)


class DocumentRowMixin(models.Model):
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("файл"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("PDF, DOCX, XLSX и другие документы из коллекции вашего региона"),
    )
    title = models.CharField(
        _("подпись"),
        max_length=255,
        blank=True,
        help_text=_("Если пусто — название документа"),
    )

    panels = [FieldPanel("document"), FieldPanel("title")]
    api_fields = [
        APIField("caption"),
        APIField("url", serializer=serializers.DocumentUrlField(source="document")),
        APIField("file_format"),
        APIField("file_size", serializer=serializers.FileSizeField(source="document")),
    ]

    class Meta:
        abstract = True

    @property
    def caption(self):
        return self.title or self.document.title

    @property
    def file_format(self):
        return self.document.file_extension.upper()

    @property
    def size(self):
        return self.document.get_file_size()


class PracticeAttachment(Orderable, DocumentRowMixin):
    page = ParentalKey(SuccessStoryPage, on_delete=models.CASCADE, related_name="attachments")

    class Meta(Orderable.Meta):
        verbose_name = _("приложение")
        verbose_name_plural = _("приложения")


class PracticeRelatedLink(Orderable):
    """A practice, material or event worth reading next."""

    source = ParentalKey(SuccessStoryPage, on_delete=models.CASCADE, related_name="related_links")
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("страница"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Связанная практика, материал или событие"),
    )

    panels = [PageChooserPanel("page")]

    class Meta(Orderable.Meta):
        verbose_name = _("связанная страница")
        verbose_name_plural = _("связанные страницы")


# --------------------------------------------------------------------------
# Methodological material


class MaterialType(models.TextChoices):
    GUIDELINES = "guidelines", _("Методические рекомендации")
    FORM = "form", _("Типовая форма")
    COURSE = "course", _("Учебно-методический комплекс")
    REPORT = "report", _("Аналитический отчёт")
    PRESENTATION = "presentation", _("Презентация")
    OTHER = "other", _("Другое")


class Audience(models.TextChoices):
    SPECIALISTS = "specialists", _("Специалисты СО НКО и ГУ/МУ")
    MANAGERS = "managers", _("Руководители организаций")
    VOLUNTEERS = "volunteers", _("Добровольцы и координаторы")
    AUTHORITIES = "authorities", _("Органы власти")
    EVERYONE = "everyone", _("Все участники программы")


class MaterialPageForm(WagtailAdminPageForm):
    """A material names an organisation of its own region or of the whole
    programme (the interregional section may name any): a Karelia material
    cannot be credited to a Crimea organisation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("organisation")
        if field is not None:
            chosen = self.instance.organisation_id
            field.queryset = Organisation.objects.filter(
                models.Q(status=Organisation.Status.APPROVED) | models.Q(pk=chosen)
            ).select_related("region")

    def clean_organisation(self):
        organisation = self.cleaned_data.get("organisation")
        if organisation is None or organisation.region_id is None:
            return organisation
        region = hub_region_of(self.instance.path or getattr(self.parent_page, "path", ""))
        if region is None or region.is_interregional or region.pk == organisation.region_id:
            return organisation
        raise ValidationError(
            _(
                "«%(organisation)s» — организация другого региона (%(other)s). Материал "
                "раздела «%(region)s» может указать организацию своего региона или всей "
                "программы."
            )
            % {"organisation": organisation, "other": organisation.region, "region": region}
        )


class MethodMaterialPage(LibraryItemMixin, KnownRestrictionsMixin, Page):
    """A methodological material (guidelines, a typical form, a course kit, a
    report...) with its files, under a region's hub or the interregional section."""

    material_type = models.CharField(
        _("тип материала"),
        max_length=16,
        choices=MaterialType.choices,
        help_text=_("Методические рекомендации, типовая форма, УМК, отчёт, презентация"),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("организация"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="materials",
        help_text=_(
            "Кто подготовил материал: организация этого региона или всей программы. "
            "Её страница в каталоге покажет материал"
        ),
    )
    audience = models.CharField(
        _("для кого"),
        max_length=16,
        choices=Audience.choices,
        default=Audience.SPECIALISTS,
        help_text=_("Кому в первую очередь адресован материал"),
    )
    target_groups = ParentalManyToManyField(
        TargetGroup,
        verbose_name=_("целевые группы"),
        related_name="materials",
        blank=True,
        help_text=_("Для работы с какими группами получателей услуг он полезен"),
    )
    tags = ClusterTaggableManager(
        verbose_name=_("темы"),
        through=MaterialTag,
        blank=True,
        help_text=_("Ключевые темы через запятую"),
    )
    version = models.CharField(
        _("версия"),
        max_length=40,
        blank=True,
        help_text=_("Например, «2-е издание» или «v1.3»"),
    )
    updated = models.DateField(
        _("дата обновления"), help_text=_("Когда материал последний раз обновлялся")
    )
    description = StreamField(
        BodyStreamBlock(),
        verbose_name=_("описание"),
        blank=True,
        help_text=_("Что внутри, как пользоваться, кто составил"),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("description"),
        InlinePanel("files", label=_("Файлы"), heading=_("Файлы"), min_num=1),
    ]
    passport_panels = [
        FieldPanel("material_type"),
        FieldPanel("organisation"),
        FieldPanel("audience"),
        FieldPanel("target_groups", widget=forms.CheckboxSelectMultiple),
        FieldPanel("tags"),
        FieldRowPanel([FieldPanel("version"), FieldPanel("updated")]),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Содержание")),
            ObjectList(passport_panels, heading=_("Сведения")),
            ObjectList(Page.promote_panels, heading=_("Продвижение")),
            ObjectList(Page.settings_panels, heading=_("Настройки")),
        ]
    )

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.FilterField("region"),
        index.FilterField("material_type"),
    ]

    api_fields = [
        APIField("region", serializer=serializers.RegionSerializer()),
        APIField("material_type"),
        APIField("organisation", serializer=serializers.OrganisationSerializer()),
        APIField("audience"),
        APIField("target_groups", serializer=serializers.NamedItemSerializer(many=True)),
        APIField("topics", serializer=serializers.TopicsField(source="tags")),
        APIField("version"),
        APIField("updated"),
        APIField("summary"),
        APIField("description"),
        APIField("files"),
    ]

    # What its page shows comes from site content alone: a forum post or a
    # registration leaves the cached page kept (home.page_cache).
    page_cache_areas = (CONTENT,)
    # Rows the page always shows, loaded with it when a request is routed to it.
    route_select_related = ("region", "organisation")
    parent_page_types = ["home.RegionPage"]
    subpage_types = []
    feed_kind = "materials"
    base_form_class = MaterialPageForm

    class Meta:
        verbose_name = _("методический материал")
        verbose_name_plural = _("методические материалы")
        indexes = [
            models.Index(
                fields=["region", "material_type", "audience", "updated"],
                name="material_facets_idx",
            )
        ]

    def search_document(self):
        return {
            "kind": "material",
            "title": self.title,
            "summary": self.summary,
            "body": "\n".join(
                filter(None, [self.get_material_type_display(), stream_text(self.description)])
            ),
            "region": self.region,
            "target_groups": [group.name for group in self.target_groups.all()],
            "date": self.updated,
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["files"] = SimpleLazyObject(
            lambda: list(self.files.select_related("document").order_by("sort_order"))
        )
        return context


class MaterialFile(Orderable, DocumentRowMixin):
    page = ParentalKey(MethodMaterialPage, on_delete=models.CASCADE, related_name="files")

    class Meta(Orderable.Meta):
        verbose_name = _("файл материала")
        verbose_name_plural = _("файлы материала")
