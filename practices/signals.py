"""Keep the library's derived data right: the permissions regional groups need
on its lists. (A page's region follows the tree: home.models.follow_move.)"""

from django.contrib.auth.models import Permission
from django.db.models.signals import post_save
from django.dispatch import receiver

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
