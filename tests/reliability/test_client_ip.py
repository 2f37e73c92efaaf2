"""The real server's access log names the client behind a trusted proxy, not the proxy."""

from __future__ import annotations

import time
import urllib.request

from tests.reliability.instances import Instance


def test_the_access_log_names_the_client_behind_a_trusted_proxy(tmp_path):
    instance = Instance(tmp_path, "clientip")
    instance.env["PRAMOEN_TRUSTED_PROXIES"] = "127.0.0.1"  # the proxy: this test
    log = tmp_path / "access.log"
    process, url = instance.serve(workers=1, log=log)
    try:
        forwarded = urllib.request.Request(url + "/healthz/?via=proxy")
        forwarded.add_header("X-Forwarded-For", "203.0.113.9, 198.51.100.20")
        urllib.request.urlopen(forwarded, timeout=10).close()
        urllib.request.urlopen(url + "/healthz/?via=none", timeout=10).close()
        deadline = time.monotonic() + 10
        while log.read_text().count("GET /healthz/") < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        process.terminate()
        process.wait(timeout=30)
        instance.close()
    lines = {line.split()[0]: line for line in log.read_text().splitlines() if "healthz" in line}
    assert "via=proxy" in lines["198.51.100.20"]  # the right-most address the proxy added
    assert "via=none" in lines["127.0.0.1"]  # no header: the connection's peer
    assert "203.0.113.9" not in lines  # what the client wrote itself is not believed
