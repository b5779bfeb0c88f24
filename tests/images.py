"""Small real images made on the fly, for upload tests."""

from __future__ import annotations

import io

from PIL import Image


def png_bytes(size: tuple[int, int] = (40, 20), color: str = "teal") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def jpeg_with_exif() -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", (30, 30), "orange")
    exif = Image.Exif()
    exif[0x010E] = "secret description"  # ImageDescription
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()
