"""The shared cache of the embedded setup: Django's file cache, culled less often.

Django's FileBasedCache lists its whole directory on every write to decide
whether it is over MAX_ENTRIES. With the thousands of entries the page cache,
fragments and memoised lookups make, that listing cost a few milliseconds per
write, paid by every page that stores a block or counts a topic view. Here the
directory is counted at most once a minute per process; between two counts the
cache can outgrow MAX_ENTRIES by what one minute writes, then is culled as
Django does. (Production uses Redis, which needs none of this.)
"""

import time

from django.core.cache.backends.filebased import FileBasedCache

CULL_CHECK_SECONDS = 60


class FileCache(FileBasedCache):
    _next_cull_check = 0.0

    def _cull(self):
        now = time.monotonic()
        if now < self._next_cull_check:
            return
        self._next_cull_check = now + CULL_CHECK_SECONDS
        super()._cull()
