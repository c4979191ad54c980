"""Learners' answers are private: they are stored outside MEDIA_ROOT, in
COURSES_PRIVATE_ROOT, with no public URL, and served only through the
permission-checked view `courses:file`."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """File system storage whose root follows COURSES_PRIVATE_ROOT at every call
    (FileSystemStorage caches its location and only follows MEDIA_ROOT)."""

    @property
    def base_location(self):
        return str(settings.COURSES_PRIVATE_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        # No URL: Django's FieldFile.url then refuses to build one.
        return None


def private_storage():
    # A callable keeps the storage (and its path) out of the migrations.
    return PrivateStorage()
