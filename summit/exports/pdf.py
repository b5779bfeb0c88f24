"""WeasyPrint for exports, loading nothing but our own static files or inline data.

This module runs inside the rendering child (:mod:`summit.exports.pdf_child`), never in a
web or worker process: WeasyPrint's peak (hundreds of MB for a long program) is returned
to the system when the child exits.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from weasyprint import HTML
from weasyprint.urls import URLFetcher

from summit.exports.paths import STATIC_ROOT


class StaticOnlyFetcher(URLFetcher):
    """Loads ``data:`` URIs and files under ``summit/static``; refuses anything else."""

    def __init__(self, root: Path = STATIC_ROOT) -> None:
        super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False)
        self.root = root.resolve()

    def fetch(self, url: str, headers: Any = None) -> Any:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith("file://"):
            path = Path(url[len("file://") :].split("?")[0].split("#")[0]).resolve()
            if path.is_relative_to(self.root) and path.is_file():
                return super().fetch(path.as_uri(), headers)
        raise ValueError(f"Summit exports only load their own static files, not {url!r}")


def fetcher(kind: str) -> URLFetcher:
    """``static``: our static files and inline data (programs); ``data``: inline data only
    (tickets, whose HTML holds an attendee's name and never needs a file)."""
    if kind == "static":
        return StaticOnlyFetcher()
    if kind == "data":
        return URLFetcher(allowed_protocols={"data"}, allow_redirects=False)
    raise ValueError(f"unknown fetcher {kind!r}")


@dataclass(frozen=True)
class Pdf:
    content: bytes
    pages: int


def write_pdf(html: str, fetcher_kind: str = "static") -> Pdf:
    document = HTML(
        string=html, base_url=STATIC_ROOT.as_uri() + "/", url_fetcher=fetcher(fetcher_kind)
    ).render()
    pdf = document.write_pdf(uncompressed_pdf=False)
    assert pdf is not None
    return Pdf(bytes(pdf), len(document.pages))
