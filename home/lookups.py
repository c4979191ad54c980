"""Small lookups every page makes, memoised per content generation.

Navigation, regions, the paths of pages with view restrictions and the like
change only when content changes; home.page_cache's generation tells when. So
each is computed once per change instead of once (or several times) per
request. Values are plain and small: they travel through the shared cache.
"""

import functools

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, Subquery, TextField, Value
from django.db.models.functions import Concat

from wagtail.models import Page, PageViewRestriction

from .models import Region, RegionPage
from .page_cache import CONTENT, generation, memoised, recall, remember

# What a link to a page needs ({% pageurl %}, its title): the teaser lists load
# only these columns of their pages, not the thirty-odd of a whole page row.
LINK_FIELDS = ("title", "slug", "url_path", "path", "depth")


def regions_by_id():
    """Every Region row, by id."""
    return memoised(
        "regions", lambda: {region.pk: region for region in Region.objects.all()}, CONTENT
    )


def region(region_id):
    return regions_by_id().get(region_id)


def nav_hubs(host_key, url_of):
    """(region, hub url) of every live hub, in navigation order."""

    def compute():
        hubs = (
            RegionPage.objects.live()
            .select_related("region")
            .only(*LINK_FIELDS, "region")
            .order_by("region__is_interregional", "region__sort_order", "region__name")
        )
        return [(hub.region, url_of(hub)) for hub in hubs]

    return memoised(f"nav-hubs:{host_key}", compute, CONTENT)


def _restriction_paths():
    """(sorted paths of the pages with a view restriction, paths of the aliases),
    in one query memoised until content changes."""

    def compute():
        # Each part reads an index: from the few restrictions to their pages by id
        # (joined the other way round, SQLite walks every page), and aliases by
        # "alias_of > 0" (SQLite reads the whole table for IS NOT NULL).
        pages = Page.objects.order_by()
        restrictions = PageViewRestriction.objects.values("page_id")
        restricted = pages.filter(pk__in=restrictions).annotate(alias=Value(False))
        aliases = pages.filter(alias_of__gt=0).annotate(alias=Value(True))
        rows = restricted.values_list("path", "alias").union(
            aliases.values_list("path", "alias"), all=True
        )
        private, alias_paths = [], []
        for path, is_alias in rows:
            (alias_paths if is_alias else private).append(path)
        return sorted(private), alias_paths

    return memoised("restriction-paths", compute, CONTENT)


def private_paths():
    """Tree paths of the pages with a view restriction (their subtrees are private)."""
    return _restriction_paths()[0]


def guarded_paths():
    """Tree paths of the pages where serving must look view restrictions up: the
    restricted pages and every alias (Wagtail gives an alias its source's
    restrictions). See home.models.KnownRestrictionsMixin."""
    restricted, aliases = _restriction_paths()
    return frozenset(restricted).union(aliases)


def public(queryset):
    """`queryset.public()` without its query: restricted subtrees excluded by path."""
    paths = private_paths()
    if not paths:
        return queryset
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return queryset.exclude(condition)


def sections():
    """The live pages right under the home page (the hubs and the library, events
    and other sections): their URLs by slug and, for the first of each model in
    tree order, by content type id. One query, memoised until content changes."""

    def compute():
        by_slug, by_type = {}, {}
        pages = Page.objects.live().filter(depth=3).only("url_path", "slug", "content_type")
        for page in pages.order_by("path"):
            by_slug.setdefault(page.slug, page.url)
            by_type.setdefault(page.content_type_id, page.url)
        return by_slug, by_type

    return memoised("sections", compute, CONTENT)


def page_url(slug):
    """The URL of the live section with this slug (the library's indexes), or None."""
    return sections()[0].get(slug)


def section_url(model):
    """The URL of the first live section of this page model (the events index), or None."""
    return sections()[1].get(ContentType.objects.get_for_model(model).id)


def site_for(hostname, port):
    """The Wagtail Site answering this host and port (Wagtail's own rule), or None."""
    from wagtail.models import Site
    from wagtail.models.sites import get_site_for_hostname

    def compute():
        try:
            return get_site_for_hostname(hostname, port)
        except Site.DoesNotExist:
            return None

    return memoised(f"site:{hostname}:{port}", compute, CONTENT)


@functools.cache
def _default_routing():
    """True when no page model routes its own way (Wagtail's Page.route for all)."""
    from wagtail.models import get_page_models

    return all(model.route is Page.route for model in get_page_models())


def route_by_url_path(site, path):
    """The route Wagtail would find for `path` under the site's root, in two
    queries whatever the depth (Wagtail's routing asks a query per level): the
    page whose url_path is the root's plus the path, then its specific row.

    None when the shortcut does not apply and Wagtail must route: a model with
    its own `route`, no page at that url_path (a 404 or a sub-route), a page
    that is not live (Wagtail's 404).
    """
    from wagtail.url_routing import RouteResult

    parts = [part for part in path.split("/") if part]
    if not parts or not _default_routing():
        return None  # the root page itself: Wagtail takes as many queries
    suffix = "".join(f"{part}/" for part in parts)
    root_url_path = Page.objects.filter(pk=site.root_page_id).values("url_path")
    url_path = Concat(Subquery(root_url_path), Value(suffix), output_field=TextField())
    found = (
        # The slug is indexed: the url_path is compared on the few pages that share it.
        Page.objects.filter(slug=parts[-1], url_path=url_path)
        .values_list("pk", "content_type_id", "live")
        .first()
    )
    if found is None or not found[2]:
        return None
    model = ContentType.objects.get_for_id(found[1]).model_class()
    page = _load_page(model, pk=found[0]) if model is not None else None
    return RouteResult(page) if page is not None else None


def _load_page(model, **filters):
    """The page row a route leads to, with the rows its page always shows
    (the model's `route_select_related`) joined in the same query."""
    pages = model.objects.filter(**filters)
    related = getattr(model, "route_select_related", ())
    if related:
        pages = pages.select_related(*related)
    return pages.first()


class SiteMiddleware:
    """Finds the request's Site, and the page a path leads to, once per content
    change instead of by several queries per request.

    Wagtail keeps both on the request (`_wagtail_site`, `_wagtail_route_for_request`)
    and reads them from there before querying. The route of a path Wagtail served
    (a plain page, without a sub-route's arguments) is remembered as the page's
    model and id; a later request of that path loads just that row. Publishing,
    unpublishing, moving or deleting any page starts a new generation, so no
    remembered route outlives the tree it was found in.

    A path not remembered (or with LOOKUP_CACHE_SECONDS 0) that goes to Wagtail's
    serve view is routed by its url_path (`route_by_url_path`): two queries
    instead of one per level of the tree.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.http.request import split_domain_port

        if settings.LOOKUP_CACHE_SECONDS > 0:
            hostname = split_domain_port(request._get_raw_host())[0]
            request._wagtail_site = site_for(hostname, request.get_port())
        response = self.get_response(request)
        pending = getattr(request, "_portal_route_to_remember", None)
        if pending is not None and response.status_code == 200:
            key, made_in = pending
            _remember_route(key, getattr(request, "_wagtail_route_for_request", None), made_in)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        """Routes only what goes to Wagtail's serve view (other views never look a
        route up): the remembered route of the path, else its url_path."""
        from django.conf import settings

        from wagtail.models import Site
        from wagtail.views import serve

        if view_func is not serve or hasattr(request, "_wagtail_route_for_request"):
            return None
        site = Site.find_for_request(request)
        if site is None:
            return None
        if settings.LOOKUP_CACHE_SECONDS > 0 and request.method in ("GET", "HEAD"):
            key = f"route:{site.pk}:{request.path}"
            made_in = generation(CONTENT)
            recalled = _remembered_route(key)
            if recalled is not None:
                request._wagtail_route_for_request = recalled
                return None
            if request.method == "GET":
                request._portal_route_to_remember = (key, made_in)
        path = view_kwargs.get("path", view_args[0] if view_args else request.path)
        route = route_by_url_path(site, path)
        if route is not None:
            request._wagtail_route_for_request = route
        return None


def _remembered_route(key):
    from django.apps import apps

    from wagtail.url_routing import RouteResult

    found = recall(key, CONTENT)
    if found is None:
        return None
    model = apps.get_model(found[0])
    page = _load_page(model, pk=found[1], live=True)
    return RouteResult(page) if page is not None else None


def _remember_route(key, route, made_in):
    if route is None or route.args or route.kwargs or route.page is None:
        return
    page = route.page
    remember(key, (page._meta.label, page.pk), made_in)
