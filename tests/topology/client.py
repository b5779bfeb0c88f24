"""A small HTTP client for the topology tests: cookies, TLS with the topology's own CA,
redirects not followed, and the forms of a page read back as their submitted values."""

from __future__ import annotations

import functools
import http.client
import http.cookiejar
import ssl
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode(errors="replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class _FromAddress(urllib.request.HTTPSHandler, urllib.request.HTTPHandler):
    """Connects from a given loopback address: the whole of 127.0.0.0/8 is this machine,
    so visitors from 127.0.0.2, 127.0.0.3... are distinct clients to nginx."""

    def __init__(self, context: ssl.SSLContext | None, source: str) -> None:
        super().__init__(context=context)
        self.source = (source, 0)

    def https_open(self, req: urllib.request.Request) -> Any:
        connection = functools.partial(http.client.HTTPSConnection, source_address=self.source)
        return self.do_open(connection, req, context=self._context)  # type: ignore[attr-defined]

    def http_open(self, req: urllib.request.Request) -> Any:
        connection = functools.partial(http.client.HTTPConnection, source_address=self.source)
        return self.do_open(connection, req)


class Browser:
    def __init__(
        self, base: str, context: ssl.SSLContext | None = None, source: str = "127.0.0.1"
    ) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar),
            _FromAddress(context, source),
            _NoRedirect(),
        )

    def request(
        self,
        path: str,
        data: dict[str, str] | bytes | None = None,
        headers: dict[str, str] | None = None,
        base: str | None = None,
    ) -> Reply:
        body = urllib.parse.urlencode(data).encode() if isinstance(data, dict) else data
        url = (base or self.base) + path
        headers = dict(headers or {})
        if body is not None:  # as a browser does; Flask-WTF checks it on HTTPS
            headers.setdefault("Referer", url)
        request = urllib.request.Request(url, data=body, headers=headers)
        try:
            with self.opener.open(request, timeout=60) as response:
                return Reply(response.status, dict(response.headers), response.read())
        except urllib.error.HTTPError as error:
            return Reply(error.code, dict(error.headers), error.read())

    def get(self, path: str, **kw: Any) -> Reply:
        return self.request(path, **kw)

    def post(self, path: str, data: dict[str, str] | bytes, **kw: Any) -> Reply:
        return self.request(path, data=data, **kw)

    def submit(self, path: str, changes: dict[str, str]) -> Reply:
        """GET the page, take its form that posts back to the page (the header's language
        and sign-out forms post elsewhere) with every field as the page filled it in,
        apply ``changes`` and POST it."""
        page = self.get(path)
        assert page.status == 200, (path, page.status)
        [values] = [fields for action, fields in read_forms(page.text) if not action]
        values.update(changes)
        return self.post(path, values)


class _FormReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._options = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append((a.get("action", ""), {}))
        elif not self.forms:
            return
        fields = self.forms[-1][1] if self.forms else {}
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    fields[a["name"]] = a.get("value", "on")
            elif kind != "submit":
                fields[a["name"]] = a.get("value", "")
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self._options = 0
        elif tag == "option" and self._select is not None:
            # The selected option, else the first one, as a browser submits it.
            if "selected" in a or self._options == 0:
                fields[self._select] = a.get("value", "")
            self._options += 1
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            fields[self._textarea] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None and self.forms:
            self.forms[-1][1][self._textarea] += data


def read_forms(html: str) -> list[tuple[str, dict[str, str]]]:
    reader = _FormReader()
    reader.feed(html)
    return reader.forms
