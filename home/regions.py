"""Give every Region row its full set: hub page, collection, groups, permissions
and moderation workflow. Safe to run any number of times (`setup_regions`).
"""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext as _

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from .models import HomePage, PortalSettings, Region, RegionPage

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
MODERATOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
EDITOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]
MODERATOR_COLLECTION_PERMISSIONS = EDITOR_COLLECTION_PERMISSIONS + [
    ("wagtailimages", "delete_image"),
    ("wagtaildocs", "delete_document"),
]


def editors_group_name(region):
    return _("Редакторы — %(region)s") % {"region": region.name}


def moderators_group_name(region):
    return _("Модераторы — %(region)s") % {"region": region.name}


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _ensure_tree_roots():
    """Wagtail's default locale, root page and root collection.

    Wagtail's migrations create them, but a database flush (transactional tests,
    `manage.py flush`) removes them while keeping the schema.
    """
    if not Locale.objects.exists():
        Locale.objects.create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    return root


@transaction.atomic
def ensure_home_page():
    """Make the default site's root a HomePage, replacing Wagtail's welcome page."""
    site = Site.objects.filter(is_default_site=True).first()
    home = HomePage.objects.first()
    if home is None:
        root = _ensure_tree_roots()
        home = HomePage(
            title=_("Добровольчество в социальной сфере"),
            slug="home",
            seo_title=_("Портал программы добровольчества в социальной сфере"),
        )
        welcome = root.get_children().filter(slug="home").exclude(content_type__model="homepage")
        for page in welcome:
            page.delete()
        root.add_child(instance=home)
        home.save_revision().publish()
    if site is None:
        site = Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name=_("Добровольчество в социальной сфере"),
        )
    elif site.root_page_id != home.pk or not site.site_name:
        # Wagtail's own default site has no name: its admin would greet «localhost».
        site.root_page = home
        site.site_name = site.site_name or settings.WAGTAIL_SITE_NAME
        site.save()
    # The footer reads these settings on every page; created here, so that the
    # first anonymous visit does not write the row (Wagtail's get_or_create).
    PortalSettings.objects.get_or_create(site=site)
    return home


def _ensure_group(current, name):
    """Return the region's group, creating it or renaming it to `name`."""
    if current is None:
        current, _created = Group.objects.get_or_create(name=name)
    elif current.name != name:
        current.name = name
        current.save(update_fields=["name"])
    return current


def _ensure_page_permissions(group, page, codenames):
    wanted = {_permission("wagtailcore", codename) for codename in codenames}
    existing = GroupPagePermission.objects.filter(group=group, page=page)
    existing.exclude(permission__in=wanted).delete()
    have = set(existing.values_list("permission_id", flat=True))
    for permission in wanted:
        if permission.pk not in have:
            GroupPagePermission.objects.create(group=group, page=page, permission=permission)


def _ensure_collection_permissions(group, collection, pairs):
    wanted = {_permission(app, codename) for app, codename in pairs}
    existing = GroupCollectionPermission.objects.filter(group=group, collection=collection)
    existing.exclude(permission__in=wanted).delete()
    have = set(existing.values_list("permission_id", flat=True))
    for permission in wanted:
        if permission.pk not in have:
            GroupCollectionPermission.objects.create(
                group=group, collection=collection, permission=permission
            )


def _ensure_hub(region, home):
    hub = RegionPage.objects.filter(region=region).first()
    if hub is None:
        hub = RegionPage(title=region.name, slug=region.slug, region=region)
        home.add_child(instance=hub)
        hub.save_revision().publish()
    return hub


def _ensure_collection(region):
    collection = region.collection
    if collection is None:
        root = Collection.get_first_root_node()
        collection = root.get_children().filter(name=region.name).first()
        if collection is None:
            collection = root.add_child(name=region.name)
    elif collection.name != region.name:
        collection.name = region.name
        collection.save(update_fields=["name"])
    return collection


def _ensure_workflow(region, hub, moderators):
    name = _("Публикация — %(region)s") % {"region": region.name}
    task_name = _("Одобрение модератором — %(region)s") % {"region": region.name}
    workflow_page = WorkflowPage.objects.filter(page=hub).select_related("workflow").first()
    workflow = workflow_page.workflow if workflow_page else None
    if workflow is None:
        workflow, _created = Workflow.objects.get_or_create(name=name)
    elif workflow.name != name:
        workflow.name = name
        workflow.save(update_fields=["name"])
    workflow_task = WorkflowTask.objects.filter(workflow=workflow).select_related("task").first()
    if workflow_task is None:
        task = GroupApprovalTask.objects.filter(name=task_name).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=task_name)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    else:
        task = workflow_task.task.specific
        if task.name != task_name:
            task.name = task_name
            task.save(update_fields=["name"])
    task.groups.set([moderators])
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    WorkflowPage.objects.update_or_create(page=hub, defaults={"workflow": workflow})
    return workflow


@transaction.atomic
def setup_region(region, home=None):
    """Create or repair everything a region needs. Returns its hub page."""
    home = home or ensure_home_page()
    hub = _ensure_hub(region, home)
    collection = _ensure_collection(region)
    editors = _ensure_group(region.editors_group, editors_group_name(region))
    moderators = _ensure_group(region.moderators_group, moderators_group_name(region))
    access_admin = _permission("wagtailadmin", "access_admin")
    editors.permissions.add(access_admin)
    moderators.permissions.add(access_admin)
    _ensure_page_permissions(editors, hub, EDITOR_PAGE_PERMISSIONS)
    _ensure_page_permissions(moderators, hub, MODERATOR_PAGE_PERMISSIONS)
    _ensure_collection_permissions(editors, collection, EDITOR_COLLECTION_PERMISSIONS)
    _ensure_collection_permissions(moderators, collection, MODERATOR_COLLECTION_PERMISSIONS)
    _ensure_workflow(region, hub, moderators)
    changed = (
        region.editors_group_id != editors.pk
        or region.moderators_group_id != moderators.pk
        or region.collection_id != collection.pk
    )
    if changed:
        region.editors_group = editors
        region.moderators_group = moderators
        region.collection = collection
        region.save(update_fields=["editors_group", "moderators_group", "collection"])
    return hub


def setup_all_regions():
    home = ensure_home_page()
    return [setup_region(region, home) for region in Region.objects.all()]
