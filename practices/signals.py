"""Keep the library's derived data right: the permissions regional groups need
on its lists, and a page's region after it is moved to another hub."""

from django.contrib.auth.models import Permission
from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.signals import post_page_move

from home.models import Region

# Editors and moderators see the lists they choose from; only administrators
# change the lists of target groups, service types, indicators (organisations:
# see organisations.signals).
REGIONAL_PERMISSIONS = [
    "view_targetgroup",
    "view_servicetype",
    "view_indicator",
]


def grant_library_permissions(region):
    permissions = Permission.objects.filter(
        content_type__app_label="practices", codename__in=REGIONAL_PERMISSIONS
    )
    for group in (region.editors_group, region.moderators_group):
        if group is not None:
            group.permissions.add(*permissions)


@receiver(post_save, sender=Region)
def region_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        grant_library_permissions(instance)


@receiver(post_page_move)
def library_page_moved(sender, instance, **kwargs):
    from .models import LibraryItemMixin, region_for_path

    model = instance.specific_class
    if model is not None and issubclass(model, LibraryItemMixin):
        instance.refresh_from_db(fields=["path"])
        model.objects.filter(pk=instance.pk).update(region_id=region_for_path(instance))
