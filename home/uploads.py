"""Checks every member upload goes through: the type read from the content (not the
name), image dimensions read from the header before anything is decoded, a hard size
cap enforced while the request body streams in.

Issue 17: a 48 KB PNG of 20000×20000 px as an avatar answered 500 (Pillow's
DecompressionBombError), a 560 KB 12000×12000 one was refused only after ~1.1 GB
had been decoded; HTML renamed `.pdf` and SVG renamed `.png` were accepted.
"""

import warnings

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.translation import gettext as _

from PIL import Image, UnidentifiedImageError

# The first bytes each type starts with. Office formats of 2007+ and OpenDocument
# are ZIP files; the older Office formats are OLE compound files.
ZIP = (b"PK\x03\x04",)
OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "doc": OLE, "xls": OLE, "ppt": OLE,
    "docx": ZIP, "xlsx": ZIP, "pptx": ZIP, "odt": ZIP, "ods": ZIP, "odp": ZIP, "zip": ZIP,
    "rtf": (b"{\\rtf",),
    "jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "gif": (b"GIF87a", b"GIF89a"),
    "webp": (b"RIFF",),
}  # fmt: skip
IMAGE_FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WEBP"}
# Plain text must not be markup a browser would run (HTML, SVG, XML).
MARKUP_STARTS = (b"<!doctype", b"<html", b"<svg", b"<?xml", b"<script", b"<head", b"<body")


def extension_of(name):
    name = (name or "").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _head(upload, size):
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def content_matches_extension(upload, extension):
    """True when the file's first bytes are those of the type its name claims."""
    head = _head(upload, 2048)
    if extension == "txt":
        if b"\x00" in head:
            return False
        return not head.lstrip().lower().startswith(MARKUP_STARTS)
    signatures = SIGNATURES.get(extension)
    if signatures is None:
        return False
    if not head.startswith(signatures):
        return False
    return extension != "webp" or head[8:12] == b"WEBP"


def image_size(upload, max_pixels):
    """(width, height, format) read from the header only; refuses an image over
    `max_pixels` before a single row is decoded."""
    too_large = forms.ValidationError(
        _(
            "Изображение слишком большое по размеру в пикселях: допускается не больше "
            "%(mp)s мегапикселей."
        )
        % {"mp": f"{max_pixels / 1_000_000:g}"},
        code="image_too_large",
    )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as probe:  # reads the header, decodes nothing
                width, height = probe.size
                kind = probe.format
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise too_large from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise forms.ValidationError(
            _("Не удалось прочитать изображение: файл повреждён или это не изображение."),
            code="image_unreadable",
        ) from error
    finally:
        upload.seek(0)
    if width * height > max_pixels:
        raise too_large
    return width, height, kind


def check_content(upload, max_pixels=None):
    """The file's content is of the type its name claims, and an image is within
    `max_pixels` (settings.UPLOAD_IMAGE_MAX_PIXELS by default), read from its header.
    Callers check the extension against their allowlist and the size first."""
    name = (upload.name or "").rsplit("/", 1)[-1]
    if isinstance(upload, OversizedUpload):
        raise forms.ValidationError(
            _("Файл «%(name)s» слишком большой: допускается не больше %(mb)s МБ.")
            % {"name": name, "mb": f"{settings.UPLOAD_MAX_SIZE / (1024 * 1024):g}"},
            code="size",
        )
    extension = extension_of(name)
    renamed = forms.ValidationError(
        _("Файл «%(name)s» не похож на файл %(type)s: возможно, он повреждён или переименован.")
        % {"name": name, "type": extension.upper()},
        code="content",
    )
    if not content_matches_extension(upload, extension):
        raise renamed
    if extension in IMAGE_FORMATS:
        _width, _height, kind = image_size(upload, max_pixels or settings.UPLOAD_IMAGE_MAX_PIXELS)
        if kind != IMAGE_FORMATS[extension]:
            raise renamed


class OversizedUpload(SimpleUploadedFile):
    """What is left of a file dropped by SizeCapUploadHandler: no content, its
    `size` the bytes received before it was stopped (over the cap), so every size
    check refuses it with the member's message."""


class SizeCapUploadHandler(FileUploadHandler):
    """First of FILE_UPLOAD_HANDLERS: stops keeping a file as soon as more than
    UPLOAD_MAX_SIZE bytes of it have arrived, so no disk or memory fills up; the
    file then reaches the form as an empty OversizedUpload whose size the form's own
    limit refuses with a clear message."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.UPLOAD_MAX_SIZE:
            return None  # the next handlers get no more of this file
        return raw_data

    def file_complete(self, file_size):
        if self.received <= settings.UPLOAD_MAX_SIZE:
            return None  # the next handler (memory or temporary file) has it all
        upload = OversizedUpload(self.file_name, b"", self.content_type)
        upload.size = self.received
        return upload
