"""`manage.py setup_regions` gives every region its full set and is idempotent."""

import io

from django.contrib.auth.models import Group
from django.core.management import call_command

from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    WorkflowPage,
)

import pytest

from home.models import Region, RegionPage


def snapshot():
    """Everything the command manages, as comparable plain data."""
    return {
        "groups": sorted(Group.objects.values_list("name", flat=True)),
        "pages": sorted(Page.objects.values_list("url_path", flat=True)),
        "collections": sorted(Collection.objects.values_list("name", flat=True)),
        "page_perms": sorted(
            GroupPagePermission.objects.values_list(
                "group__name", "page_id", "permission__codename"
            )
        ),
        "collection_perms": sorted(
            GroupCollectionPermission.objects.values_list(
                "group__name", "collection__name", "permission__codename"
            )
        ),
        "workflows": sorted(WorkflowPage.objects.values_list("page__url_path", "workflow__name")),
    }


def run():
    out = io.StringIO()
    call_command("setup_regions", stdout=out)
    return out.getvalue()


def test_running_the_command_twice_changes_nothing(regions):
    first = snapshot()
    output = run()
    assert snapshot() == first
    assert "Республика Карелия" in output


def test_each_region_gets_hub_collection_groups_permissions_and_workflow(regions):
    karelia = regions["karelia"]
    hub = RegionPage.objects.get(region=karelia)
    assert hub.live and hub.url_path == "/home/karelia/"
    assert karelia.collection.name == "Республика Карелия"
    assert karelia.editors_group.name == "Редакторы — Республика Карелия"
    assert karelia.moderators_group.name == "Модераторы — Республика Карелия"
    editor_perms = set(
        GroupPagePermission.objects.filter(group=karelia.editors_group, page=hub).values_list(
            "permission__codename", flat=True
        )
    )
    assert editor_perms == {"add_page", "change_page"}
    moderator_perms = set(
        GroupPagePermission.objects.filter(group=karelia.moderators_group, page=hub).values_list(
            "permission__codename", flat=True
        )
    )
    assert "publish_page" in moderator_perms
    workflow = hub.get_workflow()
    assert workflow.name == "Публикация — Республика Карелия"
    task = workflow.tasks.get().specific
    assert list(task.groups.all()) == [karelia.moderators_group]


def test_a_fifth_region_needs_only_a_row_and_a_rerun(regions):
    before = snapshot()
    Region.objects.create(slug="pskov", name="Псковская область", time_zone="Europe/Moscow")
    output = run()
    after = snapshot()
    pskov = Region.objects.get(slug="pskov")
    assert "Псковская область" in output
    assert set(after["groups"]) - set(before["groups"]) == {
        "Редакторы — Псковская область",
        "Модераторы — Псковская область",
    }
    assert "/home/pskov/" in after["pages"]
    assert pskov.collection.name == "Псковская область"
    assert pskov.hub.get_workflow().name == "Публикация — Псковская область"
    assert len(after["page_perms"]) > len(before["page_perms"])
    # and the other regions were left as they were
    assert [row for row in after["page_perms"] if "Псков" not in row[0]] == before["page_perms"]


def test_renaming_a_region_renames_its_groups_and_collection_on_rerun(regions):
    karelia = regions["karelia"]
    karelia.name = "Карелия"
    karelia.save()
    run()
    karelia.refresh_from_db()
    assert karelia.editors_group.name == "Редакторы — Карелия"
    assert karelia.collection.name == "Карелия"
    assert not Group.objects.filter(name="Редакторы — Республика Карелия").exists()


def test_repairs_a_deleted_permission_and_group(regions):
    karelia = regions["karelia"]
    GroupPagePermission.objects.filter(group=karelia.moderators_group).delete()
    karelia.editors_group.delete()
    run()
    karelia.refresh_from_db()
    assert karelia.editors_group.name == "Редакторы — Республика Карелия"
    assert GroupPagePermission.objects.filter(
        group=karelia.moderators_group, permission__codename="publish_page"
    ).exists()


def test_without_regions_the_command_says_what_to_do(home_page):
    assert "Регионов нет" in run()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_command_rebuilds_the_page_tree_after_a_database_flush():
    call_command("flush", interactive=False, verbosity=0)
    assert not Page.objects.exists()
    Region.objects.create(slug="karelia", name="Республика Карелия")
    run()
    hub = Region.objects.get(slug="karelia").hub
    assert hub.live and hub.url_path == "/home/karelia/"
    assert Collection.objects.filter(name="Республика Карелия").exists()
