from django.db import IntegrityError, transaction

from .models import Membership, Organisation


@transaction.atomic
def join(user, organisation):
    """The member works in `organisation` (one organisation per member). Changing
    it drops the representative's role, which the new region's moderator grants;
    naming the same one again keeps it."""
    current = Membership.objects.select_for_update().filter(user=user).first()
    if current is not None and current.organisation_id == organisation.pk:
        return current
    membership, _created = Membership.objects.update_or_create(
        user=user, defaults={"organisation": organisation, "is_representative": False}
    )
    return membership


def named(name, organisations):
    """The organisation of `organisations` called `name`, whatever the letter case
    (in Python: SQLite folds the case of Latin letters only)."""
    wanted = " ".join(name.split()).casefold()
    for pk, other in organisations.order_by("pk").values_list("pk", "name"):
        if " ".join(other.split()).casefold() == wanted:
            return Organisation.objects.get(pk=pk)
    return None


def leave(user):
    Membership.objects.filter(user=user).delete()


@transaction.atomic
def propose_named(user, name, org_type, region):
    """A member's proposal from the sign-up or profile form: a new organisation
    waiting for the region's moderator, or the same pending proposal joined.

    Two members proposing one name at the same moment: the second insert breaks the
    unique name (or slug), and that member joins the proposal that won, found again
    by name; a mere slug clash gets a fresh slug."""
    for _attempt in range(3):
        organisation = named(name, Organisation.objects.proposed().filter(region=region))
        if organisation is not None:
            break
        try:
            with transaction.atomic():
                organisation = Organisation.objects.create(
                    name=name,
                    org_type=org_type,
                    region=region,
                    status=Organisation.Status.PROPOSED,
                    proposed_by=user,
                )
            break
        except IntegrityError:
            organisation = None
    if organisation is None:
        raise IntegrityError(f"could not propose {name!r}")
    join(user, organisation)
    return organisation


@transaction.atomic
def propose(user, form):
    """A proposal from the organisation page's form (/organisations/mine/), which has
    already refused a taken name; one proposed at the same moment is joined."""
    organisation = form.save(commit=False)
    organisation.status = Organisation.Status.PROPOSED
    organisation.proposed_by = user
    try:
        with transaction.atomic():
            organisation.save()
            form.save_m2m()
    except IntegrityError:
        pending = Organisation.objects.proposed().filter(region=organisation.region)
        organisation = named(organisation.name, pending)
        if organisation is None:
            raise
    join(user, organisation)
    return organisation
