"""Checked image uploads: real images of a few safe types, size-limited, re-encoded.

Re-encoding drops metadata (GPS in photos) and anything smuggled after the image data.
SVG is refused: it can carry scripts.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from typing import IO

from flask import Request
from flask import Response
from flask_babel import lazy_gettext as _l
from PIL import Image
from PIL import UnidentifiedImageError

FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
MAX_PIXELS = 25_000_000


class UploadError(ValueError):
    """The file is not an acceptable image; the message says what to send instead."""


@dataclass(frozen=True)
class StoredImage:
    data: bytes
    content_type: str
    digest: str


def read_image(stream: IO[bytes], *, max_bytes: int) -> StoredImage:
    """Validate and re-encode an uploaded image.

    :raises UploadError: too large, not an image, or of a type we do not accept.
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
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image_format = image.format or ""
        if image_format not in FORMATS:
            raise UploadError(str(_l("Only PNG, JPEG and WebP images are accepted.")))
        if image.width * image.height > MAX_PIXELS:
            raise UploadError(str(_l("The image has too many pixels. Send one under 5000 × 5000.")))
        image.load()
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ) as error:
        if isinstance(error, UploadError):
            raise
        raise UploadError(
            str(_l("This file is not a readable image. Choose a PNG, JPEG or WebP image."))
        ) from error
    out = io.BytesIO()
    if image_format == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=88, optimize=True)
    elif image_format == "WEBP":
        image.save(out, "WEBP", quality=88)
    else:
        image.save(out, "PNG", optimize=True)
    encoded = out.getvalue()
    return StoredImage(encoded, FORMATS[image_format], hashlib.sha256(encoded).hexdigest())


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
