"""Fixtures of the organisations directory: the library's lists and practices."""

import pytest

from organisations.models import Organisation
from practices.setup import ensure_library
from tests.practices.conftest import make_practice  # noqa: F401 - re-exported for tests


@pytest.fixture
def library(regions, home_page):
    practices, materials = ensure_library(home_page)
    return {"practices": practices, "materials": materials}


def make_org(name, region, org_type="sonko", **fields):
    return Organisation.objects.create(name=name, region=region, org_type=org_type, **fields)
