"""A minimal logged-in browser for load and concurrency tests against a real server (loopback)."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from http.client import HTTPMessage
from typing import IO

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class WebClient:
    def __init__(self, base: str, timeout: float = 30) -> None:
        self.base = base
        self.timeout = timeout
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def request(
        self,
        method: str,
        path: str,
        data: Mapping[str, str | list[str]] | None = None,  # a list: one field, many values
        headers: dict[str, str] | None = None,
    ) -> tuple[int, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body, method=method)
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        if method == "POST":
            req.add_header("X-CSRFToken", self.csrf())
            req.add_header("Referer", self.base + path)
        try:
            with self.opener.open(req, timeout=self.timeout) as resp:
                return resp.status, resp.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")

    def csrf(self) -> str:
        for cookie in self.jar:
            if cookie.name == "csrftoken":
                return cookie.value or ""
        return ""

    def login(self, username: str, password: str) -> None:
        status, page = self.request("GET", "/accounts/login/")
        token = _CSRF.search(page).group(1)  # type: ignore[union-attr]
        status, _ = self.request(
            "POST",
            "/accounts/login/",
            {"username": username, "password": password, "csrfmiddlewaretoken": token},
        )
        if status != 302:
            raise AssertionError(f"login of {username} failed: {status}")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: HTTPMessage,
        newurl: str,
    ) -> None:
        return None  # the caller reads the 302 itself (a login answers with one)


def card_version(page: str, code: str) -> int:
    """The version hidden in an indicator card of the evaluation page."""
    card = page[page.index(f'id="card-{code}"') :]
    return int(re.search(r'name="version" value="(\d+)"', card).group(1))  # type: ignore[union-attr]


_SUBMIT_VERSION = re.compile(
    r'action="[^"]*/submit/"[^>]*>\s*<input[^>]*csrfmiddlewaretoken[^>]*>\s*'
    r'<input type="hidden" name="version" value="(\d+)"'
)


def evaluation_version(page: str) -> int:
    """The evaluation's version in its submit form."""
    return int(_SUBMIT_VERSION.search(page).group(1))  # type: ignore[union-attr]
