"""The English catalogue covers every string we mark for translation.

Runs `makemessages` over a copy of the project's layout (symlinks) into a temporary
locale directory seeded with our django.po, exactly as `make messages` would, and
fails on any msgid without an English msgstr or marked fuzzy. Needs GNU gettext
(Debian package `gettext`): fails under CI=true when it is missing, skips otherwise.
"""

import shutil
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

import polib
import pytest

from tests.conftest import in_ci

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")
# Russian is the source language; its catalogue only gives the plural forms
# (one, few, many) that msgid / msgid_plural cannot express.
RU_CATALOGUE = Path(settings.BASE_DIR) / "locale" / "ru" / "LC_MESSAGES" / "django.po"
RU_COMPILED = RU_CATALOGUE.with_suffix(".mo")
# The same folders `make messages` leaves out.
NOT_SCANNED = {".venv", "var", "node_modules", "tests", "bench", "locale", "static"}
GETTEXT_TOOLS = ("xgettext", "msguniq", "msgmerge", "msgattrib", "msgfmt")


@pytest.fixture
def gettext_tools():
    missing = [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]
    if missing:
        message = f"GNU gettext is missing ({', '.join(missing)}): apt-get install gettext"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def refreshed_catalogue(gettext_tools, tmp_path, settings, monkeypatch):
    """Our catalogue after makemessages re-read every marked string of the project."""
    for entry in Path(settings.BASE_DIR).iterdir():
        if entry.is_dir() and entry.name not in NOT_SCANNED and not entry.name.startswith("."):
            (tmp_path / entry.name).symlink_to(entry)
    seeded = tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po"
    seeded.parent.mkdir(parents=True)
    shutil.copy(CATALOGUE, seeded)
    seeded_ru = tmp_path / "locale" / "ru" / "LC_MESSAGES" / "django.po"
    seeded_ru.parent.mkdir(parents=True)
    shutil.copy(RU_CATALOGUE, seeded_ru)
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["en", "ru"], symlinks=True, no_obsolete=True, verbosity=0)
    refreshed = polib.pofile(str(seeded))
    refreshed.russian = polib.pofile(str(seeded_ru))
    return refreshed


def test_every_marked_string_has_an_english_translation_and_nothing_is_stale(
    refreshed_catalogue,
):
    # One test, so one makemessages run: for templates it writes temporary files
    # beside the sources, which two parallel runs (pytest-xdist) would trip over.
    untranslated = [entry.msgid for entry in refreshed_catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in refreshed_catalogue.fuzzy_entries()]
    assert len(refreshed_catalogue) > 700
    assert not untranslated, f"no English translation (run `make messages`): {untranslated}"
    assert not fuzzy, f"fuzzy entries to review in {CATALOGUE}: {fuzzy}"

    committed = {(entry.msgctxt, entry.msgid) for entry in polib.pofile(str(CATALOGUE))}
    current = {(entry.msgctxt, entry.msgid) for entry in refreshed_catalogue}
    assert committed == current, "run `make messages` and commit locale/"

    russian = refreshed_catalogue.russian
    plurals = [entry for entry in russian if entry.msgid_plural]
    assert plurals, "no plural forms marked (ngettext / {% plural %})"
    incomplete = [
        entry.msgid
        for entry in plurals
        if "fuzzy" in entry.flags or not all(entry.msgstr_plural.get(n) for n in range(3))
    ]
    # Only the plural entries matter there: a singular msgid is already Russian.
    assert not incomplete, f"Russian plural forms missing in {RU_CATALOGUE}: {incomplete}"


def test_compiled_catalogue_matches_the_translations():
    assert COMPILED.exists(), "run `make messages` and commit locale/en/LC_MESSAGES/django.mo"
    written = {
        (entry.msgctxt, entry.msgid): (entry.msgstr, entry.msgstr_plural)
        for entry in polib.pofile(str(CATALOGUE))
        if entry.translated()
    }
    compiled = {
        (entry.msgctxt, entry.msgid): (entry.msgstr, entry.msgstr_plural)
        for entry in polib.mofile(str(COMPILED))
        if entry.msgid
    }
    assert compiled == written, "django.mo is out of date: run `make messages`"


def test_compiled_russian_plurals_match_the_catalogue():
    assert RU_COMPILED.exists(), "run `make messages` and commit locale/ru/LC_MESSAGES/django.mo"
    written = {
        (entry.msgctxt, entry.msgid): entry.msgstr_plural
        for entry in polib.pofile(str(RU_CATALOGUE))
        if entry.msgid_plural
    }
    compiled = {
        (entry.msgctxt, entry.msgid): entry.msgstr_plural
        for entry in polib.mofile(str(RU_COMPILED))
        if entry.msgid_plural
    }
    assert compiled == written, "locale/ru/LC_MESSAGES/django.mo is out of date"
