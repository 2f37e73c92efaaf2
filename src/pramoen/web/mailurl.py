"""``PRAMOEN_EMAIL_URL`` -> Django's mail settings, one setting for the whole transport:

* ``console://`` (the default; ``make demo``): mail is printed to the console;
* ``smtp://user:password@host:port``: plain SMTP (a relay on the local network);
* ``smtp+tls://…``: SMTP with STARTTLS; ``smtp+ssl://…``: SMTP over TLS (port 465);
* ``file:///path``: one file per message (for inspection), ``locmem://``: in memory (tests).

User and password are URL-encoded (``%40`` for ``@``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, urlsplit

BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtp+tls": "django.core.mail.backends.smtp.EmailBackend",
    "smtp+ssl": "django.core.mail.backends.smtp.EmailBackend",
}


class MailURLError(ValueError):
    pass


def mail_settings(url: str) -> dict[str, Any]:
    """The Django settings that ``url`` stands for; MailURLError names what is wrong."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in BACKENDS:
        raise MailURLError(
            f"PRAMOEN_EMAIL_URL: scheme {scheme!r} is not one of {', '.join(sorted(BACKENDS))}"
        )
    out: dict[str, Any] = {"EMAIL_BACKEND": BACKENDS[scheme]}
    if scheme == "file":
        out["EMAIL_FILE_PATH"] = unquote(parts.path) or "."
    if not scheme.startswith("smtp"):
        return out
    if not parts.hostname:
        raise MailURLError("PRAMOEN_EMAIL_URL: an SMTP URL needs a host (smtp://host:port)")
    try:
        port = parts.port
    except ValueError:
        raise MailURLError("PRAMOEN_EMAIL_URL: the port is not a number") from None
    out.update(
        EMAIL_HOST=parts.hostname,
        EMAIL_PORT=port or (465 if scheme == "smtp+ssl" else 587 if scheme == "smtp+tls" else 25),
        EMAIL_HOST_USER=unquote(parts.username or ""),
        EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
        EMAIL_USE_TLS=scheme == "smtp+tls",
        EMAIL_USE_SSL=scheme == "smtp+ssl",
        EMAIL_TIMEOUT=20,
    )
    return out
