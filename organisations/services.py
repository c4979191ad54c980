from django.db import transaction

from .models import Membership, Organisation


@transaction.atomic
def join(user, organisation):
    """The member works in `organisation` (one organisation per member). Changing
    it drops the representative's role, which the new region's moderator grants."""
    Membership.objects.update_or_create(
        user=user, defaults={"organisation": organisation, "is_representative": False}
    )


@transaction.atomic
def propose(user, form):
    organisation = form.save(commit=False)
    organisation.status = Organisation.Status.PROPOSED
    organisation.proposed_by = user
    organisation.save()
    form.save_m2m()
    join(user, organisation)
    return organisation
