"""No overbooking under concurrency, on a real PostgreSQL server.

Threads get their own database connections (Django opens one per thread), so
these are truly simultaneous transactions competing for the event's row lock.
"""

import threading

from django.db import connection, connections

import pytest

from events import services
from events.models import Registration
from tests.conftest import in_ci, make_user
from tests.events.conftest import CONSENTS

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

Status = Registration.Status


@pytest.fixture(autouse=True)
def _needs_postgres(db):
    if connection.vendor != "postgresql":
        if in_ci():
            pytest.fail("CI=true but DATABASE_URL does not point to PostgreSQL")
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://...")


def run_at_once(jobs):
    """Run callables in threads released together; return (results, errors)."""
    barrier = threading.Barrier(len(jobs))
    results, errors = [None] * len(jobs), []

    def worker(index, job):
        try:
            barrier.wait()
            results[index] = job()
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


def test_sixty_simultaneous_registrations_fill_ten_places_exactly(conference):
    conference.capacity = 10
    conference.save()
    members = [make_user(f"rush{n}") for n in range(30)]
    guests = [
        services.register(
            conference, name=f"Гость {n}", email=f"guest{n}@example.org", consents=CONSENTS
        )
        for n in range(30)
    ]
    assert not Registration.objects.filter(status=Status.CONFIRMED).exists()

    jobs = [
        (
            lambda user=user: services.register(
                conference, name=user.username, email=user.email, user=user, consents=CONSENTS
            )
        )
        for user in members
    ] + [(lambda guest=guest: services.confirm_email(guest)) for guest in guests]
    _results, errors = run_at_once(jobs)

    assert errors == []
    statuses = list(Registration.objects.filter(event=conference).values_list("status", flat=True))
    assert len(statuses) == 60
    assert statuses.count(Status.CONFIRMED) == 10
    assert statuses.count(Status.WAITLISTED) == 50
    emails = list(Registration.objects.values_list("email", flat=True))
    assert len(set(emails)) == len(emails) == 60


def test_simultaneous_registrations_with_one_email_create_one_row(conference):
    conference.capacity = None
    conference.save()
    user = make_user("twin")
    jobs = [
        (
            lambda: services.register(
                conference, name="Близнец", email=user.email, user=user, consents=CONSENTS
            )
        )
        for _ in range(12)
    ]
    results, errors = run_at_once(jobs)
    assert Registration.objects.filter(email=user.email).count() == 1
    assert len([r for r in results if r is not None]) == 1
    assert len(errors) == 11
    assert all(isinstance(error, services.AlreadyRegistered) for error in errors)
