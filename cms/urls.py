from django.conf import settings
from django.contrib import admin as django_admin
from django.urls import include, path
from django.views.generic import TemplateView

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from background import views as background_views
from home import views as home_views
from search import views as search_views

urlpatterns = [
    path("django-admin/", django_admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("sitemap/", home_views.sitemap_page, name="html_sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    path("a11y/", home_views.accessibility_mode, name="accessibility_mode"),
    path("health/", background_views.health, name="health"),
    path("forum/", include("forum.urls")),
    path("accounts/", include("accounts.urls")),
    path("api/v2/", include("practices.api")),  # practices: partner API
    path("feeds/", include("practices.urls")),  # practices: RSS/Atom
    path("", include("events.urls")),
    path("courses/", include("courses.urls")),  # courses: files and certificates
    path("organisations/", include("organisations.urls")),  # organisations: directory
    path("results/", include("results.urls")),  # results: /results/ and the reports
    path("search/", search_views.search_view, name="site_search"),
    path("i18n/", include("django.conf.urls.i18n")),  # i18n: the language switch
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"
