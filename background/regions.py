"""Letters follow the region of what they are about.

A letter is shown in «Письма» to the editors of its region (names, addresses,
the registrant's signed links). Rows that hang off a page (registrations,
answers, certificates, surveys) belong to the region their page sits in, so
when a page is moved the letters about those rows move with it: their region
is read again from the rows (`home.permissions.region_ids_of`, through each
model's `region_field`), for every model a letter's `about` names. The same
happens when a page outside every hub (an event under /events/) is saved with
another region chosen in its form.
"""

from collections import defaultdict

from django.apps import apps

from home.permissions import region_ids_of

from .models import Letter


def _model_of(label):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def rederive_letter_regions():
    """Give every letter about a regional row that row's region now; returns how
    many letters changed region."""
    by_label = defaultdict(dict)
    for pk, about, region_id in Letter.objects.exclude(about="").values_list(
        "pk", "about", "region_id"
    ):
        label, _sep, object_id = about.partition(":")
        if object_id.isdigit():
            by_label[label].setdefault(int(object_id), []).append((pk, region_id))
    moved = defaultdict(list)
    for label, letters in by_label.items():
        model = _model_of(label)
        regions = region_ids_of(model, list(letters)) if model is not None else None
        if regions is None:
            continue  # not about a regional row (an account, a forum topic…)
        for object_id, rows in letters.items():
            if object_id not in regions:
                continue  # the row is gone: the letter keeps the region it had
            for pk, region_id in rows:
                if region_id != regions[object_id]:
                    moved[regions[object_id]].append(pk)
    for region_id, pks in moved.items():
        Letter.objects.filter(pk__in=pks).update(region_id=region_id)
    return sum(len(pks) for pks in moved.values())


def follow_move(sender, **kwargs):
    """post_page_move (after home's, which gives the moved pages their region)."""
    rederive_letter_regions()


def note_region_change(sender, instance, raw=False, **kwargs):
    """pre_save of a regional page (after home's, which takes the region from the
    tree): remember whether the stored region is about to change."""
    if raw or instance.pk is None:
        return
    before = sender.objects.filter(pk=instance.pk).values_list("region_id", flat=True).first()
    instance._region_changed = before != instance.region_id


def follow_region_change(sender, instance, raw=False, created=False, **kwargs):
    """post_save of a regional page: its letters follow a changed region."""
    if getattr(instance, "_region_changed", False):
        instance._region_changed = False
        rederive_letter_regions()
