"""Bounded image uploads (issue 10, finding 4): dimensions read before decoding, a
pixel limit per format with a message, one decode into a bounded thumbnail, and a cap on
decodes at once. The memory figure itself is measured by bench/uploads.py."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from PIL import Image
from PIL import ImageFile

from summit.uploads import MAX_PIXELS
from summit.uploads import MAX_SIDE
from summit.uploads import UploadError
from summit.uploads import _decode_slots
from summit.uploads import read_image


@pytest.fixture
def request_app(app: Flask) -> Iterator[Flask]:
    """Messages are translated for a request: read uploads inside one, as views do."""
    with app.test_request_context():
        yield app


def _encoded(size: tuple[int, int], fmt: str, mode: str = "RGB") -> io.BytesIO:
    out = io.BytesIO()
    Image.new(mode, size, "white").save(out, fmt)
    out.seek(0)
    return out


@pytest.mark.parametrize(
    ("size", "fmt"),
    [((5000, 5000), "WEBP"), ((2049, 2048), "PNG"), ((2048, 2049), "WEBP"), ((6001, 4000), "JPEG")],
)
def test_images_beyond_the_pixel_limit_are_refused_before_decoding(
    request_app: Flask, size: tuple[int, int], fmt: str
) -> None:
    with pytest.raises(UploadError, match="too many pixels: PNG and WebP up to 2048 × 2048"):
        read_image(_encoded(size, fmt), max_bytes=2_000_000)


@pytest.mark.parametrize(
    ("size", "fmt", "mime"),
    [
        ((6000, 4000), "JPEG", "image/jpeg"),
        ((2048, 2048), "PNG", "image/png"),
        ((2048, 1024), "WEBP", "image/webp"),
        ((300, 200), "PNG", "image/png"),
    ],
)
def test_accepted_images_are_stored_as_a_bounded_thumbnail_of_their_format(
    app: Flask, size: tuple[int, int], fmt: str, mime: str
) -> None:
    stored = read_image(_encoded(size, fmt), max_bytes=2_000_000)
    assert stored.content_type == mime
    with Image.open(io.BytesIO(stored.data)) as thumbnail:
        assert max(thumbnail.size) <= MAX_SIDE
        assert thumbnail.size[0] / thumbnail.size[1] == pytest.approx(size[0] / size[1], 0.01)
        if max(size) <= MAX_SIDE:
            assert thumbnail.size == size  # small images keep their size


def test_the_limits_allow_camera_photos_and_logos() -> None:
    assert MAX_PIXELS["JPEG"] >= 4032 * 3024  # a 12-megapixel phone photo
    assert MAX_PIXELS["PNG"] == MAX_PIXELS["WEBP"] == 2048 * 2048


@pytest.mark.parametrize("pdf_tolerance", [False, True])
def test_a_truncated_image_is_refused_as_unreadable(
    request_app: Flask, monkeypatch: pytest.MonkeyPatch, pdf_tolerance: bool
) -> None:
    # WeasyPrint turns the tolerance on for the whole process when imported.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", pdf_tolerance)
    data = _encoded((400, 400), "PNG").getvalue()
    with pytest.raises(UploadError, match="not a readable image"):
        read_image(io.BytesIO(data[: len(data) // 2]), max_bytes=2_000_000)
    assert ImageFile.LOAD_TRUNCATED_IMAGES is pdf_tolerance  # PDFs keep theirs


def test_uploads_wait_for_a_free_decode_slot_and_give_up_with_a_message(
    request_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    import summit.uploads

    monkeypatch.setattr(summit.uploads, "DECODE_WAIT_SECONDS", 0.2)
    slots = _decode_slots()
    assert slots.acquire(timeout=1)  # another upload is decoding
    try:
        with pytest.raises(UploadError, match="Try again in a minute"):
            read_image(_encoded((50, 50), "PNG"), max_bytes=2_000_000)
    finally:
        slots.release()
    results: list[str] = []
    slots.acquire()

    def upload() -> None:
        with request_app.test_request_context():
            results.append(read_image(_encoded((50, 50), "PNG"), max_bytes=2_000_000).content_type)

    waiter = threading.Thread(target=upload)
    monkeypatch.setattr(summit.uploads, "DECODE_WAIT_SECONDS", 5)
    waiter.start()
    slots.release()  # the slot frees up while the upload waits: it goes through
    waiter.join(5)
    assert results == ["image/png"]
