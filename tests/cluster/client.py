"""A logged-in browser for the cluster (scripts/cluster.sh), HTTP only: through the balancer
(HTTPS, its certificate from PRAMOEN_CLUSTER_CA), or pinned to one app server, spoken to as
the balancer does (plain HTTP, the public Host, X-Forwarded-Proto and -For), so a test chooses
which server answers. Clients may share one cookie jar: one browser whose requests the
balancer happened to send to different servers."""

from __future__ import annotations

import http.cookiejar
import os
import re
import ssl
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

from pramoen.bench.webclient import _NoRedirect

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass(frozen=True)
class Cluster:
    url: str  # the balancer
    apps: tuple[str, ...]  # the app servers
    ca: str
    accounts: dict[str, str]  # user name -> password
    worker_pidfile: Path
    worker_cmd: str
    has_object_storage: bool

    @classmethod
    def from_env(cls) -> Cluster:
        lines = Path(os.environ["PRAMOEN_CLUSTER_ACCOUNTS"]).read_text(encoding="utf-8")
        return cls(
            url=os.environ["PRAMOEN_CLUSTER_URL"],
            apps=tuple(os.environ["PRAMOEN_CLUSTER_APP_URLS"].split(",")),
            ca=os.environ["PRAMOEN_CLUSTER_CA"],
            accounts=dict(line.split()[:2] for line in lines.splitlines() if line.strip()),
            worker_pidfile=Path(os.environ["PRAMOEN_CLUSTER_WORKER_PIDFILE"]),
            worker_cmd=os.environ["PRAMOEN_CLUSTER_WORKER_CMD"],
            has_object_storage=bool(os.environ.get("PRAMOEN_S3_BUCKET")),
        )

    def jar(self) -> http.cookiejar.CookieJar:
        # the session and CSRF cookies are Secure (production); the app servers are reached
        # in plain HTTP on loopback, as the balancer reaches them, so they count as secure here
        policy = http.cookiejar.DefaultCookiePolicy(secure_protocols=("https", "http"))
        return http.cookiejar.CookieJar(policy)

    def client(
        self,
        via: str | None = None,
        jar: http.cookiejar.CookieJar | None = None,
        client_ip: str | None = None,
        timeout: float = 60,
    ) -> Client:
        """A client through the balancer (``via`` None) or pinned to app server ``via``."""
        return Client(self, via, self.jar() if jar is None else jar, client_ip, timeout)


class Client:
    def __init__(
        self,
        cluster: Cluster,
        via: str | None,
        jar: http.cookiejar.CookieJar,
        client_ip: str | None,
        timeout: float,
    ) -> None:
        self.public = cluster.url
        self.base = via or cluster.url
        self.pinned = via is not None
        self.client_ip = client_ip
        self.timeout = timeout
        self.jar = jar
        context = ssl.create_default_context(cafile=cluster.ca)
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(jar),
            urllib.request.HTTPSHandler(context=context),
            _NoRedirect(),
        )

    def raw(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> tuple[int, bytes, Message]:
        """Status, body and headers (their names in any case)."""
        req = urllib.request.Request(self.base + path, data=body, method=method)
        if self.pinned:  # what the balancer adds
            req.add_header("Host", urllib.parse.urlsplit(self.public).netloc)
            req.add_header("X-Forwarded-Proto", "https")
        if self.client_ip:
            req.add_header("X-Forwarded-For", self.client_ip)
        if method == "POST":
            req.add_header("X-CSRFToken", self.csrf())
            req.add_header("Referer", self.public + path)
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        try:
            with self.opener.open(req, timeout=self.timeout) as resp:
                return resp.status, resp.read(), resp.headers
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read(), exc.headers

    def request(
        self,
        method: str,
        path: str,
        data: Mapping[str, str | list[str]] | None = None,  # a list: one field, many values
        headers: Mapping[str, str] | None = None,
    ) -> tuple[int, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        status, content, _ = self.raw(method, path, body, headers)
        return status, content.decode("utf-8", "replace")

    def upload(
        self, path: str, fields: Mapping[str, str], name: str, filename: str, data: bytes
    ) -> tuple[int, str]:
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in {**fields, "csrfmiddlewaretoken": self.csrf()}.items()
        ]
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        )
        parts += [head.encode() + data + b"\r\n", f"--{boundary}--\r\n".encode()]
        status, content, _ = self.raw(
            "POST",
            path,
            b"".join(parts),
            {"Content-Type": f"multipart/form-data; boundary={boundary}", "HX-Request": "true"},
        )
        return status, content.decode("utf-8", "replace")

    def csrf(self) -> str:
        for cookie in self.jar:
            if cookie.name == "csrftoken":
                return cookie.value or ""
        return ""

    def try_login(self, username: str, password: str) -> int:
        """The status of a login: 302 in, 200 refused (the form again), 429 locked out."""
        status, page = self.request("GET", "/accounts/login/")
        match = _CSRF.search(page)
        assert match, f"no login form ({status})"
        status, _ = self.request(
            "POST",
            "/accounts/login/",
            {"username": username, "password": password, "csrfmiddlewaretoken": match.group(1)},
        )
        return status

    def login(self, username: str, password: str) -> Client:
        status = self.try_login(username, password)
        assert status == 302, f"login of {username} through {self.base}: {status}"
        return self
