"""The tutors' group of a course: «Тьюторы — <курс>», created and renamed with it.

Members get into the Wagtail admin (for the «Проверка заданий» queue) and review
that course's answers only; see courses.permissions.
"""

from django.contrib.auth.models import Group, Permission

from home.page_cache import bulk_changes

GROUP_PREFIX = "Тьюторы — "


def tutors_group_name(course):
    return (GROUP_PREFIX + course.title)[:150]


def ensure_tutors_group(course):
    """Create or rename the course's group; safe to call at every save."""
    from .models import CoursePage

    name = tutors_group_name(course)
    group = course.tutors_group
    if group is None:
        taken = CoursePage.objects.filter(tutors_group__name=name).exclude(pk=course.pk)
        if taken.exists():  # two courses with one title: the group names must differ
            name = f"{name[:140]} ({course.pk})"
        group, _ = Group.objects.get_or_create(name=name)
        with bulk_changes():
            CoursePage.objects.filter(pk=course.pk).update(tutors_group=group)
        course.tutors_group = group
    elif group.name != name and not Group.objects.filter(name=name).exists():
        group.name = name
        group.save(update_fields=["name"])
    access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if access is not None:
        group.permissions.add(access)
    return group
