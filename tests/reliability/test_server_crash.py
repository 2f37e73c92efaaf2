"""SIGKILL to the running web server in the middle of an import and of a submission, each
started by a real HTTP request: after a restart the database passes its integrity check and
holds the whole change or none of it."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid

import pytest

from pramoen.bench.webclient import WebClient, evaluation_version
from tests.reliability.instances import ROOT, Instance
from tests.reliability.test_crash import DOC, ENTER_2001, STATE, integrity

FIXED_DOC = (
    DOC.read_text("utf-8")
    .replace(" อำเภอบ้านนา", "")
    .replace("อำเภอพนัสนิคม", "อำเภอพนัสนิคม อำเภอพานทอง อำเภอศรีราชา")
)


@pytest.fixture
def instance(tmp_path):
    made = Instance(tmp_path, "srvcrash")
    yield made
    made.close()


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_up(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("server did not start")


def paused_server(instance: Instance, what: str, mark) -> tuple[subprocess.Popen[bytes], str]:
    port = _port()
    env = {**instance.env, "PRAMOEN_PAUSE_IN": what, "PRAMOEN_PAUSE_MARK": str(mark)}
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.paused_server", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: master and worker die together
    )
    _wait_up(port)
    return process, f"http://127.0.0.1:{port}"


def kill_when_midway(process: subprocess.Popen[bytes], request: threading.Thread, mark) -> None:
    request.start()
    deadline = time.monotonic() + 60
    while not mark.exists():
        assert time.monotonic() < deadline, "the operation never reached its midpoint"
        time.sleep(0.1)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    request.join(30)


def _multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    for name, (filename, data) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: text/plain\r\n\r\n'
        )
        parts.append(head.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def upload_and_confirm(base: str, password: str, *, confirm_in_thread: bool):
    client = WebClient(base, timeout=900)
    client.login("prov", password)
    client.request("GET", "/rounds/import/")
    body, content_type = _multipart(
        {"csrfmiddlewaretoken": client.csrf()}, {"document": ("kpi.txt", FIXED_DOC.encode())}
    )
    import urllib.request

    req = urllib.request.Request(base + "/rounds/import/", data=body, method="POST")
    req.add_header("Content-Type", content_type)
    req.add_header("X-CSRFToken", client.csrf())
    req.add_header("Referer", base + "/rounds/import/")
    with client.opener.open(req, timeout=60) as resp:
        assert 'id="confirm-import"' in resp.read().decode()

    def confirm() -> None:
        with contextlib.suppress(OSError):  # the server may be killed under it
            client.request("POST", "/rounds/import/", {"confirm": "1"})

    if confirm_in_thread:
        return threading.Thread(target=confirm)
    confirm()
    return None


def test_killing_the_server_mid_import_leaves_no_round(instance, tmp_path):
    instance.run("setup-province")
    password = "crash-test-password-1"
    instance.run(
        "createuser", "prov", "--role", "province", "--password-stdin", stdin=password + "\n"
    )
    mark = tmp_path / "midway"
    process, base = paused_server(instance, "import", mark)
    request = upload_and_confirm(base, password, confirm_in_thread=True)
    kill_when_midway(process, request, mark)
    assert integrity(instance) == "ok"
    assert instance.shell(STATE).split()[:3] == ["0", "0", "0"]
    # after a restart the same import lands whole
    server, base = instance.serve(workers=1)
    try:
        upload_and_confirm(base, password, confirm_in_thread=False)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert integrity(instance) == "ok"
    assert instance.shell(STATE).split()[:3] == ["1", "11", "55"]


def test_killing_the_server_mid_submission_leaves_it_a_draft(instance, tmp_path):
    passwords = instance.passwords(instance.run("demo", "--no-serve").stdout)
    assert "entered" in instance.shell(ENTER_2001)
    mark = tmp_path / "midway"
    process, base = paused_server(instance, "submit", mark)
    client = WebClient(base, timeout=900)
    client.login("d2001", passwords["d2001"])
    _, page = client.request("GET", "/rounds/1/d/2001/")
    version = str(evaluation_version(page))

    def submit() -> None:
        with contextlib.suppress(OSError):  # the server is killed under it
            client.request("POST", "/rounds/1/d/2001/submit/", {"version": version})

    kill_when_midway(process, threading.Thread(target=submit), mark)
    assert integrity(instance) == "ok"
    assert instance.shell(STATE).split()[3:] == ["draft", "['draft']", "0"]
    server, base = instance.serve(workers=1)
    try:
        client = WebClient(base)
        client.login("d2001", passwords["d2001"])
        status, _ = client.request("POST", "/rounds/1/d/2001/submit/", {"version": version})
        assert status == 302
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert instance.shell(STATE).split()[3:] == ["submitted", "['submitted']", "1"]
