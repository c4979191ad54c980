"""On PostgreSQL, `seed_demo` leaves the planner statistics that match what it wrote.

Before, a results query over the demo's reports ran for minutes in the test suite:
the tables had last been analysed empty, so the planner sized them at one row and
joined the demo's thousands of rows by nested full scans.
"""

import io

from django.core.management import call_command
from django.db import connection

import pytest

from results.models import OrganisationReport, ServiceRow
from tests.conftest import in_ci

pytestmark = pytest.mark.postgres


def planner_rows(model):
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [model._meta.db_table])
        return cursor.fetchone()[0]


def test_after_seed_demo_the_planner_knows_how_many_rows_there_are(db):
    if connection.vendor != "postgresql":
        if in_ci():
            pytest.fail("CI=true but DATABASE_URL does not point to PostgreSQL")
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://...")
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {ServiceRow._meta.db_table}, {OrganisationReport._meta.db_table}")
    assert planner_rows(ServiceRow) <= 0  # analysed empty, as a fresh database is

    call_command("seed_demo", stdout=io.StringIO())

    for model in (ServiceRow, OrganisationReport):
        written = model.objects.count()
        assert written > 100
        assert planner_rows(model) == pytest.approx(written, rel=0.1), model
