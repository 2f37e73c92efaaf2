"""Against the real server (gunicorn): a body over its limit is refused as it arrives, from its
headers alone, and nothing of it is spooled; an upload within the limit still lands."""

from __future__ import annotations

import contextlib
import json
import re
import socket
import time
import urllib.request
import uuid
from collections.abc import Sequence
from urllib.parse import urlsplit

import pytest

from pramoen.bench.webclient import WebClient, card_version
from tests.reliability.instances import Instance

MB = 1024 * 1024
EVIDENCE = "/rounds/1/d/2001/i/I5/evidence/"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    base = tmp_path_factory.mktemp("limits")
    instance = Instance(base, "limits")
    spool = base / "tmp"  # the server's temporary directory: uploads are spooled here
    spool.mkdir()
    instance.env["TMPDIR"] = str(spool)
    passwords = instance.passwords(instance.run("demo", "--no-serve").stdout)
    process, url = instance.serve(workers=1)
    yield url, spool, passwords
    process.terminate()
    process.wait(timeout=30)
    instance.close()


def _exchange(url: str, head: str, body: Sequence[bytes] = ()) -> tuple[float, bytes]:
    """Send ``head`` (and ``body``, as long as the server takes it); the response and how
    long it took to arrive from the end of the headers."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(head.encode("latin-1"))
        started = time.monotonic()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # it stops reading
            for chunk in body:
                sock.sendall(chunk)
        response = b""
        while data := sock.recv(65536):
            response += data
    return time.monotonic() - started, response


def _csrf_cookie(url: str) -> str:
    # Anyone gets one from the login page; with it, Django's CSRF check reads the form (the
    # whole multipart body) before any view, login_required included, is reached.
    with urllib.request.urlopen(url + "/accounts/login/", timeout=10) as response:
        cookie = response.headers["Set-Cookie"]
    return cookie.split(";")[0]


def _head(path: str, **headers: str) -> str:
    lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1"]
    lines += [f"{name.replace('_', '-')}: {value}" for name, value in headers.items()]
    return "\r\n".join(lines) + "\r\n\r\n"


def test_a_large_declared_body_is_answered_413_from_its_headers_alone(server):
    url, spool, _ = server
    multipart = "multipart/form-data; boundary=x"
    _exchange(url, _head("/healthz/", Content_Length="0"))  # the worker is warm
    cookie = _csrf_cookie(url)
    took, response = _exchange(
        url, _head(EVIDENCE, Content_Type=multipart, Content_Length=str(300 * MB), Cookie=cookie)
    )
    # The 300 MB never come: a server that waited for them would never answer, and the
    # socket's timeout would fail the test; an answer at all is the proof (no timing needed).
    print(f"413 after {took:.2f} s")
    head, _, page = response.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413")
    assert "ไฟล์ใหญ่เกิน 10 MB" in page.decode()
    took, response = _exchange(
        url,
        _head(
            "/api/evaluations/1/results/I5/evidence",
            Content_Type=multipart,
            Content_Length=str(300 * MB),
        ),
    )
    head, _, body = response.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413"), took
    assert json.loads(body)["code"] == "too-large"
    assert list(spool.iterdir()) == []


def test_a_chunked_upload_over_the_limit_is_refused_and_nothing_is_spooled(server):
    url, spool, _ = server
    chunk = b"%x\r\n%s\r\n" % (MB, b"0" * MB)
    head = _head(
        EVIDENCE,
        Content_Type="multipart/form-data; boundary=x",
        Transfer_Encoding="chunked",
        Cookie=_csrf_cookie(url),
    )
    took, response = _exchange(url, head, [chunk] * 30)
    assert response.startswith(b"HTTP/1.1 411"), took
    assert list(spool.iterdir()) == []


def test_a_whole_body_over_the_limit_still_gets_its_answer(server):
    # a browser sends its file whole before it reads: the answer must reach it all the same
    url, spool, _ = server
    head = _head(
        EVIDENCE,
        Content_Type="multipart/form-data; boundary=x",
        Content_Length=str(11 * MB),
        Cookie=_csrf_cookie(url),
    )
    _, response = _exchange(url, head, [b"0" * MB] * 11)
    assert response.startswith(b"HTTP/1.1 413")
    assert list(spool.iterdir()) == []


def _multipart(fields: dict[str, str], name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        f"Content-Type: application/pdf\r\n\r\n".encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def test_evidence_within_its_limit_is_attached_through_the_server(server):
    url, spool, passwords = server
    client = WebClient(url)
    client.login("d2001", passwords["d2001"])
    status, page = client.request("GET", "/rounds/1/d/2001/")
    status, _ = client.request(
        "POST",
        "/rounds/1/d/2001/i/I5/",
        {"value": "11", "version": str(card_version(page, "I5"))},
        headers={"HX-Request": "true"},
    )
    assert status == 200
    body, content_type = _multipart(
        {"csrfmiddlewaretoken": client.csrf()}, "แผน.pdf", b"%PDF-1.4 " + b"0" * (9 * MB)
    )
    request = urllib.request.Request(url + EVIDENCE, data=body, method="POST")
    request.add_header("Content-Type", content_type)
    request.add_header("X-CSRFToken", client.csrf())
    request.add_header("Referer", url + EVIDENCE)
    request.add_header("HX-Request", "true")
    with client.opener.open(request, timeout=60) as response:
        card = response.read().decode()
    assert "แนบหลักฐานแล้ว" in card and re.search(r"แผน\.pdf</a>", card)
    assert list(spool.iterdir()) == []  # the spooled upload went to the evidence store
