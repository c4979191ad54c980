"""i18n fixtures: a visitor who picked English with the footer's switch."""

import pytest

from tests.events.conftest import conference, events_index  # noqa: F401 - shared fixtures
from tests.forum.conftest import forum_regions, forums, roles  # noqa: F401 - shared fixtures
from tests.practices.conftest import library  # noqa: F401 - shared fixtures


def choose_language(client, code, next_url="/"):
    """Press the footer's language button, as a visitor does."""
    response = client.post("/i18n/setlang/", {"language": code, "next": next_url})
    assert response.status_code == 302
    return response


@pytest.fixture
def english_client(client, db):
    """A client whose visitor chose English with the switch."""
    choose_language(client, "en")
    return client
