"""WeasyPrint for exports: the program's PDF, loading nothing but our own static files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from weasyprint import HTML
from weasyprint.urls import URLFetcher

from summit.exports.program import STATIC_ROOT


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


def write_pdf(html: str) -> bytes:
    document = HTML(
        string=html, base_url=STATIC_ROOT.as_uri() + "/", url_fetcher=StaticOnlyFetcher()
    )
    pdf = document.write_pdf(uncompressed_pdf=False)
    assert pdf is not None
    return bytes(pdf)
