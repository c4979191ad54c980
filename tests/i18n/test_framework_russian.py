"""Wagtail's and machina's own Russian, corrected in locale_overrides/: the admin's
buttons read naturally with any model's name, nothing is left in English."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model

import polib

OVERRIDES = Path(settings.BASE_DIR) / "locale_overrides" / "ru" / "LC_MESSAGES" / "django.po"


def test_the_overrides_are_compiled():
    written = {e.msgid: (e.msgstr, e.msgstr_plural) for e in polib.pofile(str(OVERRIDES))}
    compiled = {
        e.msgid: (e.msgstr, e.msgstr_plural)
        for e in polib.mofile(str(OVERRIDES.with_suffix(".mo")))
        if e.msgid
    }
    assert compiled == written, "run msgfmt -o locale_overrides/ru/LC_MESSAGES/django.mo …"


def test_the_admins_add_and_choose_buttons_read_naturally(client, home_page):
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw-123456")
    client.force_login(admin)
    page = client.get("/admin/snippets/practices/targetgroup/").content.decode()
    assert "Добавить: целевая группа" in page
    assert "Добавить целевая группа" not in page
