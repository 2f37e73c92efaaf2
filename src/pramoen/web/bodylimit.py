"""Request bodies over their limit are refused as they arrive, before Django reads a byte.

Django limits form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but spools every file of a multipart
body to disk whole, and the views and services judge a file's size only once it is all in: a
300 MB "evidence" would be written to a temporary file first, by anyone holding a CSRF cookie
(the login page hands one out), since CsrfViewMiddleware parses a POST's form before any view
and its login check. Here a request's declared Content-Length is judged against the limit of
what it is for, and a larger body is answered 413 unread. The limits are decided here, once;
the services' own checks stay the rule and its message for a file just over it (the body may
exceed the file by the form's overhead).

A body without a declared length (Transfer-Encoding: chunked) is answered 411: Django reads
nothing of a body it has no length for (WSGIRequest's stream is empty), so the view would
answer as if nothing had been sent. ``LimitedUploadHandler`` is the second line, in the parser
itself: it counts the bytes the parser receives and stops past the same limit whatever the
header said. WSGIRequest's stream stops at the declared length, so under gunicorn it cannot
fire after the middleware; it holds for any server or stream that would not.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from pramoen.evaluation.evidence import EvidenceTooLarge
from pramoen.exchange.reader import MAX_BYTES as IMPORT_MAX_BYTES

# A multipart body carries more than its file: boundaries, part headers, the CSRF token, the
# form's other fields. A file of exactly the limit must pass.
MULTIPART_OVERHEAD = 64 * 1024
MB = 1024 * 1024

# What the parser's upload handler found, for the middleware to answer (see process_view).
_REFUSED = "pramoen.body_refused"


@dataclass(frozen=True)
class BodyLimit:
    content: int  # the largest file (or form) the rule behind the door accepts
    message: Promise  # with %(size)s, the content limit in MB

    @property
    def bytes(self) -> int:
        return self.content + MULTIPART_OVERHEAD

    @property
    def params(self) -> dict[str, int]:
        return {"size": max(1, self.content // MB)}


# The file limits say what the services say for a file over them (one msgid, one English).
FILE_TOO_LARGE = EvidenceTooLarge.MESSAGE
BODY_TOO_LARGE = gettext_lazy("ข้อมูลที่ส่งใหญ่เกิน %(size)s MB")
LENGTH_REQUIRED = gettext_lazy("ต้องระบุขนาดของข้อมูลที่ส่ง (Content-Length)")


def _limits() -> dict[str, BodyLimit]:
    """URL name -> the limit of the doors that take a file larger than a form's."""
    evidence = BodyLimit(settings.EVIDENCE_MAX_BYTES, FILE_TOO_LARGE)
    imports = BodyLimit(IMPORT_MAX_BYTES, FILE_TOO_LARGE)
    return {
        "evidence_upload": evidence,
        "api:evidence_upload": evidence,
        "exchange:import": imports,
        "api:import_check": imports,
    }


def body_limit(request: HttpRequest) -> BodyLimit:
    """The limit of ``request``'s body: its door's, else a form's (the KPI summary's 2 MB
    upload fits in it)."""
    known: BodyLimit | None = getattr(request, "_pramoen_body_limit", None)
    if known is not None:  # the middleware and the parser both ask: the URL resolved once
        return known
    limit = BodyLimit(settings.DATA_UPLOAD_MAX_MEMORY_SIZE, BODY_TOO_LARGE)
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        pass
    else:
        limit = _limits().get(match.view_name, limit)
    request._pramoen_body_limit = limit  # type: ignore[attr-defined]
    return limit


def _declared_length(request: HttpRequest) -> int | None:
    try:
        return int(request.META.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None


def _is_api(request: HttpRequest) -> bool:
    # The token pages under /api/ are web pages; every other /api/ path answers JSON.
    path = request.path_info
    return path.startswith("/api/") and not path.startswith(reverse("api:tokens").rstrip("/"))


def refusal(
    request: HttpRequest, status: int, message: Promise, params: dict[str, int] | None = None
) -> HttpResponse:
    """413/411 in the shape of the door: the API's JSON error (Thai and English), a fragment
    that htmx places in its target, or a page."""
    if _is_api(request):
        from pramoen.api.errors import both, error_response

        code = "too-large" if status == 413 else "length-required"
        return error_response(code, both(message, params))
    text = str(message) % params if params else str(message)
    context = {"message": text, "status": status}
    if request.headers.get("HX-Request") == "true":
        response = render(request, "web/_refused.html", context, status=status)
        # base.html's htmx config swaps 413; placed first in the request's own target (the
        # evidence card, a preview), whatever the target's own swap would have replaced
        response["HX-Reswap"] = "afterbegin"
        return response
    return render(request, "web/refused.html", context, status=status)


class BodyLimitMiddleware:
    """Answers a body over its limit before anything reads it. Last in MIDDLEWARE, so that
    its answers carry every other middleware's headers (CSP, security, language); the body is
    first read in a middleware's process_view or in the view, both after this runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = _declared_length(request)
        if length is None and request.META.get("HTTP_TRANSFER_ENCODING"):
            return refusal(request, 411, LENGTH_REQUIRED)
        if length:
            limit = body_limit(request)
            if length > limit.bytes:
                return refusal(request, 413, limit.message, limit.params)
        response = self.get_response(request)
        # the parser stopped inside the view (the API parses its own uploads)
        return self._stopped(request) or response

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        # the parser stopped in CsrfViewMiddleware's process_view: the view must not run on
        # the part of the form that arrived
        return self._stopped(request)

    def _stopped(self, request: HttpRequest) -> HttpResponse | None:
        limit = request.META.get(_REFUSED)
        return refusal(request, 413, limit.message, limit.params) if limit is not None else None


class LimitedUploadHandler(FileUploadHandler):
    """First of FILE_UPLOAD_HANDLERS: counts the file bytes the multipart parser receives and
    stops the upload past the request's limit. StopUpload makes Django close (and so delete)
    the other handlers' temporary files; ``connection_reset`` stops it reading the rest."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self._limit: BodyLimit | None = None
        self.received = 0

    @property
    def limit(self) -> BodyLimit | None:
        """The request's limit, looked up when the first chunk arrives (Django makes the
        handlers for every form it parses, most of which carry no file)."""
        if self._limit is None and self.request is not None:
            self._limit = body_limit(self.request)
        return self._limit

    @limit.setter
    def limit(self, value: BodyLimit) -> None:
        self._limit = value

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        limit = self.limit
        if limit is not None and self.received > limit.bytes:
            assert self.request is not None
            self.request.META[_REFUSED] = limit
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handlers make the file
