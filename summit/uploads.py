"""Checked image uploads: real images of a few safe types, size-limited, re-encoded.

Re-encoding drops metadata (GPS in photos) and anything smuggled after the image data.
SVG is refused: it can carry scripts.

Memory is bounded before anything is decoded (issue 10, finding 4: a 52 KB WebP of
5000×5000 cost a worker ~650 MB): the header is read lazily and images above
:data:`MAX_PIXELS` for their format are refused; the one decode goes straight into a
thumbnail of at most :data:`MAX_SIDE` pixels a side; and at most
``SUMMIT_IMAGE_DECODES`` decodes (default 1) run at once in a process, the others wait.

JPEG decodes at a reduced scale (``draft``: 1/2 to 1/8 in the decoder), so a camera photo
costs a few MB; PNG and WebP decode in full (a 4-megapixel WebP costs ~70 MB at peak),
hence their lower limit. bench/uploads.py measures the worker's peak.
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO

from flask import Request
from flask import Response
from flask import current_app
from flask import has_app_context
from flask_babel import lazy_gettext as _l
from PIL import Image
from PIL import ImageFile
from PIL import UnidentifiedImageError

FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
# What a header may claim, per format: camera photos as JPEG; logos and screenshots as
# PNG or WebP, which cannot be decoded at a reduced scale.
MAX_PIXELS = {"JPEG": 6000 * 4000, "PNG": 2048 * 2048, "WEBP": 2048 * 2048}
# Stored images are shown at most a few hundred pixels wide: a bounded thumbnail.
MAX_SIDE = 1024
DEFAULT_DECODES = 1
DECODE_WAIT_SECONDS = 20

_slots: dict[int, threading.BoundedSemaphore] = {}
_slots_lock = threading.Lock()
_truncation_lock = threading.Lock()
_strict_decodes = 0
_flag_before = False


class UploadError(ValueError):
    """The file is not an acceptable image; the message says what to send instead."""


@dataclass(frozen=True)
class StoredImage:
    data: bytes
    content_type: str
    digest: str


def _decode_slots() -> threading.BoundedSemaphore:
    """The process's decode slots, sized by SUMMIT_IMAGE_DECODES (one pool per size)."""
    size = DEFAULT_DECODES
    if has_app_context():
        size = int(current_app.config.get("SUMMIT_IMAGE_DECODES") or DEFAULT_DECODES)
    with _slots_lock:
        return _slots.setdefault(size, threading.BoundedSemaphore(size))


def _unreadable() -> UploadError:
    return UploadError(
        str(_l("This file is not a readable image. Choose a PNG, JPEG or WebP image."))
    )


def read_image(stream: IO[bytes], *, max_bytes: int) -> StoredImage:
    """Validate an uploaded image and re-encode it as a bounded thumbnail.

    :raises UploadError: too large (bytes or pixels), not an image, of a type we do not
        accept, or the server too busy decoding other images.
    """
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise UploadError(
            str(
                _l(
                    "The image is larger than %(size)s MB. Send a smaller file.",
                    size=f"{max_bytes / 1024 / 1024:g}",
                )
            )
        )
    if not data:
        raise UploadError(str(_l("The file is empty. Choose a PNG, JPEG or WebP image.")))
    try:
        image = Image.open(io.BytesIO(data))  # lazy: reads the header only
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise _unreadable() from error
    except Image.DecompressionBombError as error:
        raise _too_many_pixels() from error
    with image:
        image_format = image.format or ""
        if image_format not in FORMATS:
            raise UploadError(str(_l("Only PNG, JPEG and WebP images are accepted.")))
        if image.width * image.height > MAX_PIXELS[image_format]:
            raise _too_many_pixels()
        slots = _decode_slots()
        if not slots.acquire(timeout=DECODE_WAIT_SECONDS):
            raise UploadError(
                str(_l("Many images are being processed right now. Try again in a minute."))
            )
        try:
            with _truncated_images_refused():
                encoded = _thumbnail(image, image_format)
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
            raise _unreadable() from error
        finally:
            slots.release()
    return StoredImage(encoded, FORMATS[image_format], hashlib.sha256(encoded).hexdigest())


def _too_many_pixels() -> UploadError:
    return UploadError(
        str(
            _l(
                "The image has too many pixels: PNG and WebP up to 2048 × 2048, JPEG photos up to 6000 × 4000. Send a smaller one."
            )
        )
    )


@contextmanager
def _truncated_images_refused() -> Iterator[None]:
    """Make Pillow raise on a cut-off file during this decode. WeasyPrint, once imported,
    sets the process-wide ``LOAD_TRUNCATED_IMAGES`` so that a broken picture does not
    stop a PDF; an upload must be whole instead. Decodes in other slots may overlap: the
    first one in turns the flag off and the last one out puts it back."""
    global _strict_decodes, _flag_before
    with _truncation_lock:
        if _strict_decodes == 0:
            _flag_before = ImageFile.LOAD_TRUNCATED_IMAGES
            ImageFile.LOAD_TRUNCATED_IMAGES = False
        _strict_decodes += 1
    try:
        yield
    finally:
        with _truncation_lock:
            _strict_decodes -= 1
            if _strict_decodes == 0:
                ImageFile.LOAD_TRUNCATED_IMAGES = _flag_before


def _thumbnail(image: Image.Image, image_format: str) -> bytes:
    """Decode once, into at most MAX_SIDE × MAX_SIDE, and encode in the same format."""
    if image_format == "JPEG":
        image.draft("RGB", (MAX_SIDE, MAX_SIDE))  # the decoder scales down by 1/2 … 1/8
    image.thumbnail((MAX_SIDE, MAX_SIDE), reducing_gap=2.0)
    out = io.BytesIO()
    if image_format == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=88, optimize=True)
    elif image_format == "WEBP":
        image.save(out, "WEBP", quality=88)
    else:
        image.save(out, "PNG", optimize=True)
    return out.getvalue()


def image_response(
    data: bytes, content_type: str | None, digest: str | None, request: Request
) -> Response:
    """Serve stored image bytes with validators so browsers and proxies can cache them."""
    response = Response(data, mimetype=content_type or "application/octet-stream")
    response.set_etag(digest or hashlib.sha256(data).hexdigest())
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    response.headers["Content-Disposition"] = "inline"
    response.make_conditional(request)
    return response
