"""Private files: stored outside the public media root, delivered only by views that
check rights, handed to the reverse proxy when there is one.

The proxy serves `MEDIA_ROOT` (`/media/`) straight from disk: pictures, renditions,
avatars. Files that belong to someone or to a restricted collection — forum
attachments (machina's `Attachment`) and Wagtail documents — are stored by the same
default storage, but under `PRIVATE_MEDIA_ROOT`, which has no URL at all. They leave
the portal only through `forum_conversation:attachment` (machina's forum rights) and
`wagtaildocs_serve` (Wagtail's collection view restrictions); course answers have their
own root (`COURSES_PRIVATE_ROOT`) and `courses:file`.

Each private file also gets a random folder of its own (`documents/<random>/<name>`),
so even a leaked folder listing names nothing reusable, while the visible name — the
one a download is saved under — stays the uploader's.

How the bytes go out is `PRIVATE_FILES_SERVER`: empty (`make run`, tests) streams them
from Python; `nginx` answers with `X-Accel-Redirect: <PRIVATE_FILES_INTERNAL_URL><name>`
(an `internal` location aliased to `PRIVATE_MEDIA_ROOT`, see the README); `apache` /
`lighttpd` with `X-Sendfile: <absolute path>`. The permission checks and headers are
the same in every case.
"""

import os
import secrets
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404, HttpResponse

# Name prefixes (relative to the storage) that are private.
PRIVATE_PREFIXES = ("documents/", "machina/attachments/")


def is_private(name):
    return str(name).replace("\\", "/").startswith(PRIVATE_PREFIXES)


class PortalMediaStorage(FileSystemStorage):
    """The default storage: public names under MEDIA_ROOT, private ones under
    PRIVATE_MEDIA_ROOT (read at every call, so tests and settings overrides follow)."""

    def path(self, name):
        if is_private(name):
            return PrivateRootStorage().path(name)
        return super().path(name)

    def _save(self, name, content):
        if is_private(name):
            return PrivateRootStorage()._save(name, content)
        return super()._save(name, content)

    def url(self, name):
        if is_private(name):
            # No address: forms' "currently" links and templates get an empty one
            # (never a 500); documents and attachments link to their views.
            return ""
        return super().url(name)

    def generate_filename(self, filename):
        name = super().generate_filename(filename)
        if is_private(name):
            folder, base = os.path.split(name)
            name = f"{folder}/{secrets.token_urlsafe(12)}/{base}"
        return name


class PrivateRootStorage(FileSystemStorage):
    """Only a path resolver for PRIVATE_MEDIA_ROOT (no URL)."""

    def __init__(self):
        super().__init__(location=str(settings.PRIVATE_MEDIA_ROOT), base_url=None)


def _content_disposition(filename, as_attachment):
    ascii_name = filename.encode("ascii", "ignore").decode() or "file"
    ascii_name = ascii_name.replace('"', "").replace("\\", "")
    kind = "attachment" if as_attachment else "inline"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def _internal_url(path):
    """The proxy's internal address of a file under one of the private roots."""
    roots = {
        os.path.abspath(settings.PRIVATE_MEDIA_ROOT): settings.PRIVATE_FILES_INTERNAL_URL,
        os.path.abspath(settings.COURSES_PRIVATE_ROOT): settings.COURSES_FILES_INTERNAL_URL,
    }
    path = os.path.abspath(path)
    for root, prefix in roots.items():
        if path.startswith(root + os.sep):
            return (
                prefix.rstrip("/") + "/" + quote(os.path.relpath(path, root).replace(os.sep, "/"))
            )
    raise ImproperlyConfigured(f"{path} is under no private root known to the proxy.")


def send_file(path, filename, content_type="application/octet-stream", as_attachment=True):
    """The response that delivers the file at `path` (after the caller checked rights)."""
    if not os.path.isfile(path):
        raise Http404
    server = settings.PRIVATE_FILES_SERVER
    if server == "nginx":
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = _internal_url(path)
    elif server in {"apache", "lighttpd"}:
        response = HttpResponse(content_type=content_type)
        response["X-Sendfile"] = path
    else:
        response = FileResponse(open(path, "rb"), content_type=content_type)  # noqa: SIM115
    response["Content-Disposition"] = _content_disposition(filename, as_attachment)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    # Whatever a file claims to be, it runs nothing in the portal's origin.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def sendfile(request, filename, mimetype="application/octet-stream", **kwargs):
    """Wagtail's SENDFILE_BACKEND (documents): wagtail.utils.sendfile adds the
    disposition and Last-Modified headers afterwards."""
    response = send_file(filename, os.path.basename(filename), content_type=mimetype)
    del response["Content-Disposition"]
    return response
