import io

import pytest
from PIL import Image

from tests.courses.conftest import course_index  # noqa: F401 - shared fixtures
from tests.events.conftest import conference, events_index, internship  # noqa: F401
from tests.forum.conftest import forum_regions, forums, roles  # noqa: F401


def image_bytes(size=(800, 600), fmt="PNG", color=(30, 120, 200)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.fixture
def signup_data(regions):
    return {
        "email": "Olga.Petrova@Example.org",
        "password1": "Добро-2026-пароль",
        "password2": "Добро-2026-пароль",
        "display_name": "Ольга Петрова",
        "organisation": "АНО «Тёплый дом»",
        "organisation_type": "ngo",
        "region": regions["karelia"].pk,
        "role": "ngo_specialist",
        "bio": "Координатор добровольцев.",
        "personal_data_consent": "on",
    }
