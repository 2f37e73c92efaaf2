"""The client's address behind trusted proxies (pramoen.web.clientip), and the lock-out on it."""

from __future__ import annotations

import ipaddress
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from pramoen.web.clientip import ENVIRON_KEY, forwarded_client

PROXIES = (ipaddress.ip_network("10.0.0.0/8"), ipaddress.ip_network("2001:db8:ff::/48"))


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        ("10.0.0.2", "198.51.100.1", "198.51.100.1"),  # one trusted proxy
        ("10.0.0.2", "203.0.113.9, 198.51.100.1, 10.0.0.5", "198.51.100.1"),  # forged left
        ("10.0.0.2", "10.0.0.9", "10.0.0.9"),  # all trusted: the first known
        ("10.0.0.2", "", "10.0.0.2"),  # the proxy's own request
        ("10.0.0.2", "198.51.100.1, nonsense", "10.0.0.2"),  # a broken hop: the proxy
        ("198.51.100.7", "203.0.113.9", "198.51.100.7"),  # not from a proxy: ignored
        ("::ffff:10.0.0.2", "[2001:db8::7]:443", "2001:db8::7"),  # dual stack, a port
        ("2001:db8:ff::1", "198.51.100.1:5123", "198.51.100.1"),
        ("", "198.51.100.1", None),
    ],
)
def test_the_client_is_the_first_address_no_trusted_proxy_wrote(remote, forwarded, client):
    assert forwarded_client(remote, forwarded, PROXIES) == client


def test_without_trusted_proxies_the_header_is_never_read():
    assert forwarded_client("10.0.0.2", "198.51.100.1", ()) == "10.0.0.2"


def test_a_bad_trusted_proxy_stops_the_start():
    env = {**os.environ, "PRAMOEN_TRUSTED_PROXIES": "10.0.0.1, 10.0.0.300"}
    out = subprocess.run(
        [sys.executable, "-c", "import pramoen.web.settings"], env=env, capture_output=True
    )
    assert out.returncode != 0
    assert b"PRAMOEN_TRUSTED_PROXIES: '10.0.0.300' is not an IP address or network" in out.stderr


def test_the_default_trusts_no_proxy():
    from pramoen.web import settings as project_settings

    assert "PRAMOEN_TRUSTED_PROXIES" not in os.environ
    assert project_settings.TRUSTED_PROXIES == []


def _login(client: Client, password: str, **environ: str):
    return client.post(reverse("login"), {"username": "d2001", "password": password}, **environ)


def _via_proxy(client_address: str) -> dict[str, str]:
    return {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": client_address}


@pytest.mark.django_db
def test_behind_a_trusted_proxy_one_client_s_failures_do_not_lock_out_another(users, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    attacker = Client()
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        _login(attacker, "wrong", **_via_proxy("203.0.113.66"))
    assert _login(attacker, "pw-d2001", **_via_proxy("203.0.113.66")).status_code == 429
    # the officer comes through the same proxy, from their own address
    assert _login(Client(), "pw-d2001", **_via_proxy("198.51.100.20")).status_code == 302


@pytest.mark.django_db
def test_a_forged_header_from_an_untrusted_address_is_ignored(users, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    attacker = Client()
    for n in range(django_settings.AXES_FAILURE_LIMIT):
        forged = {"REMOTE_ADDR": "203.0.113.66", "HTTP_X_FORWARDED_FOR": f"198.51.100.{n}"}
        _login(attacker, "wrong", **forged)
    # a new forged address each time changes nothing: the lock-out is on the real one
    forged = {"REMOTE_ADDR": "203.0.113.66", "HTTP_X_FORWARDED_FOR": "198.51.100.99"}
    assert _login(attacker, "pw-d2001", **forged).status_code == 429
    assert _login(Client(), "pw-d2001", REMOTE_ADDR="198.51.100.99").status_code == 302


@pytest.mark.django_db
def test_the_access_log_reads_the_client_from_the_environ(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    response = Client().get(reverse("healthz"), HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert response.wsgi_request.META[ENVIRON_KEY] == "198.51.100.20"
    assert response.wsgi_request.META["REMOTE_ADDR"] == "127.0.0.1"  # kept as it was


@pytest.mark.parametrize(("remote", "secure"), [("10.0.0.2", True), ("198.51.100.7", False)])
def test_https_is_believed_only_from_a_trusted_proxy(settings, rf, remote, secure):
    """SECURE_PROXY_SSL_HEADER is set in production; a client talking to the server directly
    must not make its request count as HTTPS (secure cookies, no redirect) by a header."""
    from pramoen.web.clientip import ClientIPMiddleware

    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    seen = {}

    def view(request):
        seen["secure"] = request.is_secure()
        return None

    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_PROTO="https")
    ClientIPMiddleware(view)(request)
    assert seen["secure"] is secure
