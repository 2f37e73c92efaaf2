"""The client's address: the one answer for the lock-out (django-axes) and the access log.

REMOTE_ADDR is the peer of the connection; behind a reverse proxy that is the proxy, shared by
every user, so a lock-out keyed on it would let anyone lock any account for everyone. A proxy
appends the address it received the request from to X-Forwarded-For; the client may have put
anything to the left of that. So the header is believed only as far as trusted proxies wrote
it: from the right, each address written by a trusted proxy is skipped, and the first one that
is not a trusted proxy is the client. With no trusted proxies (the default,
``PRAMOEN_TRUSTED_PROXIES`` empty) the header is ignored and the client is REMOTE_ADDR.
X-Forwarded-Proto (whether the client spoke HTTPS) is believed from a trusted proxy only.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# Where the access log finds it (gunicorn's %({pramoen.client_ip}e)s;
# see cli.server._exec_gunicorn).
ENVIRON_KEY = "pramoen.client_ip"


@functools.lru_cache(maxsize=8)
def _networks(values: tuple[str, ...]) -> tuple[Network, ...]:
    # ``10.0.0.1``, ``10.0.0.0/8``, ``fd00::/8``; settings.py has refused a bad one at start
    return tuple(ipaddress.ip_network(value, strict=False) for value in values)


def _address(text: str) -> IPAddress | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:443
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # 203.0.113.7:51234
        text = text.split(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped  # ::ffff:10.0.0.1 is 10.0.0.1 (a dual-stack socket)
    return address


def forwarded_client(
    remote_addr: str, forwarded_for: str, trusted: tuple[Network, ...]
) -> str | None:
    """The client behind ``remote_addr`` as the trusted proxies among ``trusted`` tell it."""
    client = _address(remote_addr)
    if client is None:
        return None

    def is_trusted(address: IPAddress) -> bool:
        return any(address in network for network in trusted)

    hops = [hop for hop in forwarded_for.split(",") if hop.strip()] if trusted else []
    while is_trusted(client) and hops:
        previous = _address(hops.pop())
        if previous is None:  # not an address: the proxy that wrote it is all we know
            break
        client = previous
    return str(client)


def client_ip(request: HttpRequest) -> str | None:
    """The address of the client that sent ``request`` (AXES_CLIENT_IP_CALLABLE)."""
    return forwarded_client(
        request.META.get("REMOTE_ADDR", ""),
        request.META.get("HTTP_X_FORWARDED_FOR", ""),
        _networks(tuple(settings.TRUSTED_PROXIES)),
    )


class ClientIPMiddleware:
    """Puts the client's address in the WSGI environ, where gunicorn's access log reads it
    after the response (request.META is that environ). First in MIDDLEWARE, so that even the
    static files WhiteNoise answers are logged with it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META[ENVIRON_KEY] = client_ip(request) or "-"
        if not peer_is_trusted_proxy(request):
            # X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER) says "this came over HTTPS": only a
            # trusted proxy may say it, or any client could pass as secure.
            request.META.pop("HTTP_X_FORWARDED_PROTO", None)
        return self.get_response(request)


def peer_is_trusted_proxy(request: HttpRequest) -> bool:
    """Whether the connection's peer is one of the trusted proxies."""
    peer = _address(request.META.get("REMOTE_ADDR", ""))
    trusted = _networks(tuple(settings.TRUSTED_PROXIES))
    return peer is not None and any(peer in network for network in trusted)
