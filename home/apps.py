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
        from django.db.models.signals import pre_save

        from wagtail.signals import page_published, page_unpublished, post_page_move

        from . import page_cache
        from .models import follow_move, take_region_from_tree

        # What pages show is retired by any save or delete of any model but a
        # few (home/page_cache.py): nothing to register, app by app.
        page_cache.follow_changes()
        # A move rewrites the paths below the page in bulk, without signals.
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(page_cache.bump_receiver, dispatch_uid=f"page-cache:{signal!r}")
        request_started.connect(page_cache.start_request_values, dispatch_uid="memo:start")
        request_finished.connect(page_cache.forget_request_values, dispatch_uid="memo:finish")
        # A regional page's region is where it sits in the tree (home.models.region_of).
        pre_save.connect(take_region_from_tree, dispatch_uid="home:region-from-tree")
        post_page_move.connect(follow_move, dispatch_uid="home:region-follows-move")
