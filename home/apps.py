from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = _("Портал и регионы")

    def ready(self):
        from django.conf import settings

        from PIL import Image

        # Pillow refuses to open anything bigger (DecompressionBombError, past twice
        # this): the portal's own limit, not Pillow's 89-megapixel default.
        Image.MAX_IMAGE_PIXELS = settings.UPLOAD_IMAGE_MAX_PIXELS

        from django.core.signals import request_finished, request_started
        from django.db.models.signals import post_delete

        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model
        from wagtail.models import Page, PageViewRestriction, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from . import page_cache
        from .models import PortalSettings, Region

        # Anonymous pages cached whole (home/page_cache.py) are rendered afresh
        # after any change of what they show. Other apps register their models
        # in their own AppConfig.ready().
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(page_cache.bump_receiver, dispatch_uid=f"page-cache:{signal!r}")
        request_started.connect(page_cache.start_request_values, dispatch_uid="memo:start")
        request_finished.connect(page_cache.forget_request_values, dispatch_uid="memo:finish")
        post_delete.connect(page_cache.bump_receiver, sender=Page, dispatch_uid="page-cache:page")
        page_cache.invalidate_on_change(
            Region,
            PortalSettings,
            Site,
            PageViewRestriction,
            get_image_model(),
            get_document_model(),
        )
