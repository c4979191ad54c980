"""Every course keeps its tutors' group «Тьюторы — <курс>» (see courses.tutors)."""


def keep_tutors_group(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from .tutors import ensure_tutors_group

    ensure_tutors_group(instance)
