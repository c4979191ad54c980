"""Demo members for `seed_demo`: each with the profile and the 152-ФЗ consent that
sign-up would have given them, so every app's demo people look alike."""

from django.contrib.auth import get_user_model

from home.demo import DEMO_PASSWORD
from home.models import Region

from .models import Consent, Profile

DEMO_CONSENT_VERSION = "2025-09-01"


def demo_member(username, name, region_slug, role="volunteer", org_type="none", organisation=""):
    """The demo member `username`: created with its profile and consent on the first
    run, left as it is afterwards (the demo loads idempotently)."""
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    first, _sep, last = name.partition(" ")
    user = User(
        username=username,
        email=f"{username}@dobro-social.example",
        first_name=first,
        last_name=last,
    )
    user.set_password(DEMO_PASSWORD)
    user.save()
    Profile.objects.create(
        user=user,
        display_name=name,
        region=Region.objects.filter(slug=region_slug).first(),
        role=role,
        organisation_type=org_type,
        organisation=organisation,
    )
    Consent.objects.create(user=user, kind=Consent.Kind.PERSONAL_DATA, version=DEMO_CONSENT_VERSION)
    return user
