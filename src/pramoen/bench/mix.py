"""The mixed load of ``pramoen.bench.capacity``: who asks for what, over keep-alive connections.

District officers open their entry page, save results and type (each keystroke a preview); the
province and the viewer read the overview, the dashboard and a district's report; work groups
open their queue. The shares follow the load run's people (``pramoen.bench.load``: 70 %
districts, 20 % work groups, 10 % readers); a work group's verify is left out (it changes
the queue under the other sessions).
"""

from __future__ import annotations

import http.client
import random
import re
import threading
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

# kind -> share of requests: districts 70 %, work groups 20 %, readers 10 %
MIX: dict[str, int] = {
    "entry": 30,
    "preview": 25,
    "save": 15,
    "queue": 20,
    "overview": 4,
    "dashboard": 3,
    "report": 3,
}
ENTRIES: dict[str, dict[str, list[str]]] = {
    "I1": {"met": ["1", "2"]},
    "I4": {"met": ["1", "2", "3"]},
    "I6": {"met": ["1"]},
}
ANSWERS = ("บันทึกร่างแล้ว", "มีผู้อื่นบันทึก", "ไม่อยู่ในสถานะ")  # stored, refused, not editable
# kinds outside the mix, for comparison: a constant app's answer (trivial, the generator's own
# ceiling), Django's health check, the trivial page in the site's layout, a static file
FLOORS = {
    "trivial": "/",
    "healthz": "/healthz/",
    "hello": "/bench/hello/",
    "static": "/static/pramoen/app.css",
}
_VERSION = re.compile(r'name="version" value="(\d+)"')


@dataclass
class Session:
    """One logged-in person; shared by the sender threads (its cookies never change)."""

    username: str
    cookie: str
    csrf: str
    district: str = ""
    versions: dict[str, int] = field(default_factory=dict)


def login(base: str, username: str, password: str) -> Session:
    from .webclient import WebClient

    client = WebClient(base)
    client.login(username, password)
    cookies = {c.name: c.value or "" for c in client.jar}
    return Session(
        username=username,
        cookie="; ".join(f"{k}={v}" for k, v in cookies.items()),
        csrf=cookies.get("csrftoken", ""),
        district=username[1:] if username.startswith("d") else "",
    )


def _card_versions(page: str) -> dict[str, int]:
    out = {}
    for chunk in page.split('id="card-')[1:]:
        code = chunk[: chunk.index('"')]
        found = _VERSION.search(chunk)
        if found:
            out[code] = int(found.group(1))
    return out


class Load:
    """The mixed load over keep-alive connections, one per sender thread."""

    def __init__(self, base: str, sessions: dict[str, list[Session]], round_id: int = 1) -> None:
        parts = urlsplit(base)
        host = parts.hostname or ""
        if not (host.startswith("127.") or host in ("localhost", "::1")):
            raise SystemExit("load runs go to loopback addresses only")
        self.host, self.port, self.base = host, parts.port or 80, base
        self.sessions = sessions
        self.round = round_id
        self.lock = threading.Lock()

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.host, self.port, timeout=30)

    def _send(
        self,
        conn: http.client.HTTPConnection,
        session: Session | None,
        method: str,
        path: str,
        data: dict[str, str | list[str]] | None = None,
    ) -> tuple[int, str]:
        headers = {"Cookie": session.cookie} if session else {}
        body = None
        if data is not None and session:
            body = urlencode(data, doseq=True)
            headers.update(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "X-CSRFToken": session.csrf,
                    "Referer": self.base + path,
                    "HX-Request": "true",
                }
            )
        for attempt in (1, 2):  # a kept-alive connection the server closed meanwhile: once more
            try:
                conn.request(method, path, body=body, headers=headers)
                resp = conn.getresponse()
                text = resp.read().decode("utf-8", "replace")
                if resp.will_close:
                    conn.close()
                return resp.status, text
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                conn.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def entry(self, conn: http.client.HTTPConnection, session: Session) -> str:
        """The district's entry page; what it shows of each card's version is remembered."""
        path = f"/rounds/{self.round}/d/{session.district}/"
        status, page = self._send(conn, session, "GET", path)
        if status == 200:
            with self.lock:
                session.versions.update(_card_versions(page))
        return "" if status == 200 else f"{status}"

    def act(self, conn: http.client.HTTPConnection, kind: str, rng: random.Random) -> str:
        """One request of ``kind``; returns "" when it was answered, else what went wrong."""
        r = f"/rounds/{self.round}"
        if kind in FLOORS:  # not in the mix: what a request costs with (almost) no page
            path = FLOORS[kind]
            session = rng.choice(self.sessions["district"]) if kind == "hello" else None
            status, _ = self._send(conn, session, "GET", path)
            return "" if status == 200 else f"{status}"
        pool = "district" if kind in ("entry", "save", "preview", "hello") else kind
        pool = {"overview": "reader", "dashboard": "reader", "report": "reader"}.get(pool, pool)
        session = rng.choice(self.sessions[pool])
        if kind == "entry":
            return self.entry(conn, session)
        if kind in ("save", "preview"):
            with self.lock:
                known = [c for c in session.versions if c == "I5" or c in ENTRIES]
                code = rng.choice(known) if known else "I5"
                version = session.versions.get(code, 0)
            data: dict[str, str | list[str]] = (
                {"value": f"{rng.uniform(5, 25):.2f}"} if code == "I5" else dict(ENTRIES[code])
            )
            data["version"] = str(version)
            path = f"{r}/d/{session.district}/i/{code}/" + ("preview/" if kind == "preview" else "")
            status, body = self._send(conn, session, "POST", path, data)
            if kind == "preview":
                return "" if status == 200 else f"{status} {body[:80]}"
            found = _VERSION.search(body)
            if found:
                with self.lock:
                    session.versions[code] = int(found.group(1))
            ok = status == 200 and any(a in body for a in ANSWERS)
            return "" if ok else f"{status} {body[:80]}"
        path = {
            "overview": f"{r}/",
            "dashboard": f"{r}/dashboard/",
            "report": f"{r}/d/{rng.choice(self.sessions['district']).district}/report/",
            "queue": f"{r}/queue/",
        }[kind]
        status, _ = self._send(conn, session, "GET", path)
        return "" if status == 200 else f"{status}"


def sessions_for(base: str, passwords: dict[str, str], per_district: int = 2) -> dict[str, list]:
    districts = [u for u in passwords if u.startswith("d")]
    groups = [u for u in passwords if u.startswith("wg-")]
    readers = [u for u in ("province", "viewer") if u in passwords]
    return {
        "district": [login(base, u, passwords[u]) for u in districts for _ in range(per_district)],
        "queue": [login(base, u, passwords[u]) for u in groups],
        "reader": [login(base, u, passwords[u]) for u in readers],
    }
