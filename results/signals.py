"""Regional editors and moderators keep their region's register of proposals and surveys
(which rows: home.permissions)."""

from django.contrib.auth.models import Permission
from django.db.models.signals import post_save
from django.dispatch import receiver

from home.models import Region

REGIONAL_PERMISSIONS = [
    f"{action}_{model}"
    for model in ("proposal", "survey")
    for action in ("add", "change", "view", "delete")
]


def grant_results_permissions(region):
    permissions = Permission.objects.filter(
        content_type__app_label="results", codename__in=REGIONAL_PERMISSIONS
    )
    for group in (region.editors_group, region.moderators_group):
        if group is not None:
            group.permissions.add(*permissions)


@receiver(post_save, sender=Region)
def region_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        grant_results_permissions(instance)
