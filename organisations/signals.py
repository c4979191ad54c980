"""Regional groups may keep organisations (within their region: home.permissions
decides which ones) and name the organisation a member belongs to."""

from django.contrib.auth.models import Permission
from django.db.models.signals import post_save
from django.dispatch import receiver

from home.models import Region

REGIONAL_PERMISSIONS = ["add_organisation", "change_organisation", "view_organisation"]
# Moderators name the representatives who fill in their organisations' reports.
MODERATOR_PERMISSIONS = ["change_membership", "view_membership"]


def grant_organisation_permissions(region):
    ours = Permission.objects.filter(content_type__app_label="organisations")
    for group, codenames in (
        (region.editors_group, REGIONAL_PERMISSIONS),
        (region.moderators_group, REGIONAL_PERMISSIONS + MODERATOR_PERMISSIONS),
    ):
        if group is not None:
            group.permissions.add(*ours.filter(codename__in=codenames))


@receiver(post_save, sender=Region)
def region_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        grant_organisation_permissions(instance)
