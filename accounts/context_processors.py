"""The account corner of every page's header (templates/includes/account_menu.html)."""

from django.utils.functional import SimpleLazyObject


def _account(request):
    user = request.user
    if not user.is_authenticated:
        return None
    from .models import Profile

    name = (
        Profile.objects.filter(user=user).values_list("display_name", flat=True).first()
        or user.get_full_name()
        or user.get_username()
    )
    return {
        "name": name,
        # Editors, moderators, tutors and organisers work in Wagtail's admin.
        "can_admin": user.has_perm("wagtailadmin.access_admin"),
    }


def account(request):
    """`account` for the header: None for visitors, the member's name and whether they
    may open the admin for members (computed only when a template reads it)."""
    if not hasattr(request, "user"):
        return {"account": None}
    return {"account": SimpleLazyObject(lambda: _account(request) or {})}
