"""What one server keeps in memory must not outlive a change made through another: each
server process caches a round's levels (``selectors.rounds._round_snapshot``, keyed by the
round's snapshot time, which the round editor moves). A level edited on A is the level B
shows, though B had the old one cached."""

from __future__ import annotations

import html
import threading
import uuid
from html.parser import HTMLParser

from .client import Cluster

PAGE = "/rounds/1/d/2002/"
CODE = "I1"  # no cluster test enters a result for it: its levels may be edited in an open round


class _Form(HTMLParser):
    """The fields of the form whose action ends with ``action``, as a browser would send them."""

    def __init__(self, action: str) -> None:
        super().__init__(convert_charrefs=True)
        self.action, self.inside = action, False
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("action", "").endswith(self.action)
        if not self.inside or (not a.get("name") and tag != "option"):
            return
        if tag == "input" and (a.get("type") != "checkbox" or "checked" in a):
            self.fields.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = a["name"], ""

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.fields.append((self._textarea, self._text))
            self._textarea = None


def test_a_level_edited_on_one_server_is_shown_by_the_other(cluster: Cluster):
    a, b = cluster.apps
    district = cluster.client(b).login("d2002", cluster.accounts["d2002"])
    # B's page, asked four at a time so that each of B's gunicorn processes answers one and
    # has the levels cached
    pages: list[str] = []
    readers = [cluster.client(b, district.jar) for _ in range(4)]
    threads = [
        threading.Thread(target=lambda c=c: pages.append(c.request("GET", PAGE)[1]))
        for c in readers
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    before = pages[0]

    province = cluster.client(a).login("province", cluster.accounts["province"])
    status, page = province.request("GET", "/rounds/1/edit/")
    assert status == 200, status
    form = _Form(f"/rounds/1/edit/indicators/{CODE}/")
    form.feed(page)
    fields: dict[str, list[str]] = {}
    for name, value in form.fields:
        fields.setdefault(name, []).append(value)
    level1 = next(k for k in fields if k.endswith("-level1"))
    mark = f"(แก้ไข {uuid.uuid4().hex[:6]})"
    assert mark not in before
    fields[level1] = [f"{fields[level1][0].strip()} {mark}"]
    fields[level1.replace("-level1", "-reason")] = ["ทดสอบหลายเครื่อง"]
    status, _ = province.request("POST", f"/rounds/1/edit/indicators/{CODE}/", fields)
    assert status == 302, status  # saved (a refusal shows the editor again, 200)
    assert mark in html.unescape(province.request("GET", PAGE)[1])  # A shows it

    after = html.unescape(district.request("GET", PAGE)[1])
    assert mark in after, "server B still shows the level it had cached"
