"""Every API error is one JSON shape with a stable code and the message in Thai and English.

``{"code": "conflict", "message_th": "…", "message_en": "…", "field": "version"?, "errors": […]?}``

How both languages are produced: API operations run with Thai active (see ``thai_messages``),
so a refusal raised by a service holds its Thai msgid, with its values apart (``params``); the
refusal renders itself in Thai and in English (``ServiceError.render``), the same values
filled in both. Only a text with no English in the catalogue (the core's Thai-only messages)
gets the generic English text of its code. Messages of the API itself are msgids translated
into each language explicitly.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import (
    BadRequest,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from pydantic import Field

from pramoen.core import DocumentError
from pramoen.evaluation.errors import (
    ConflictError,
    InvalidInput,
    NotAllowed,
    ServiceError,
    TooLargeError,
)
from pramoen.evaluation.evidence import EvidenceRejected, EvidenceTooLarge

logger = logging.getLogger(__name__)

# code -> (HTTP status, generic message). The codes are part of the API: never rename one.
CODES: dict[str, tuple[int, Promise]] = {
    "bad-request": (400, _("คำขอไม่ถูกต้อง")),
    "unauthorized": (401, _("ต้องยืนยันตัวตนด้วยโทเค็น API ที่ยังใช้ได้ (Authorization: Bearer …)")),
    "forbidden": (403, _("คุณไม่มีสิทธิ์ทำรายการนี้")),
    "not-found": (404, _("ไม่พบข้อมูลที่ขอ หรือคุณไม่มีสิทธิ์เห็นข้อมูลนี้")),
    "method-not-allowed": (405, _("ที่อยู่นี้ไม่รับคำขอแบบนี้ (HTTP method)")),
    "conflict": (409, _("มีผู้อื่นบันทึกข้อมูลนี้ไปก่อนแล้ว กรุณาอ่านข้อมูลล่าสุดก่อนแก้ไข")),
    "workflow": (409, _("ทำรายการนี้ในสถานะปัจจุบันไม่ได้")),
    "length-required": (411, _("ต้องระบุขนาดของข้อมูลที่ส่ง (Content-Length)")),
    "too-large": (413, _("ไฟล์ใหญ่เกินกำหนด")),
    "validation": (422, _("ข้อมูลที่ส่งมาไม่ถูกต้อง")),
    "evidence-rejected": (422, _("ไฟล์หลักฐานนี้ใช้ไม่ได้")),
    "document-unreadable": (422, _("อ่านข้อความนี้เป็นสรุปตัวชี้วัดไม่ได้")),
    "server-error": (500, _("ระบบขัดข้อง กรุณาลองใหม่หรือแจ้งผู้ดูแลระบบ")),
}

CODE_DESCRIPTION = "Stable error code: " + ", ".join(
    f"{code} ({status})" for code, (status, _m) in CODES.items()
)


class FieldErrorOut(Schema):
    field: str = Field(description="The offending field, dotted (e.g. `values.ครัวเรือน`)")
    type: str = Field(description="What is wrong, as pydantic names it (`missing`, …)")
    message_th: str
    message_en: str


class ErrorOut(Schema):
    code: str = Field(description=CODE_DESCRIPTION)
    message_th: str
    message_en: str
    field: str | None = Field(None, description="The first offending field, if any")
    errors: list[FieldErrorOut] | None = Field(None, description="Every invalid field")


def both(message: str | Promise, params: Mapping[str, Any] | None = None) -> tuple[str, str]:
    """A msgid (or lazy msgid) in Thai and in English, formatted with ``params``."""
    out = []
    for language in ("th", "en"):
        with translation.override(language):
            text = str(message) if isinstance(message, Promise) else gettext(message)
        out.append(text % params if params else text)
    return out[0], out[1]


def from_service(code: str, refusal: ServiceError | str) -> tuple[str, str]:
    """A service's refusal in Thai and in English (else the code's generic English)."""
    if not isinstance(refusal, ServiceError):
        refusal = ServiceError(refusal)
    thai, english = refusal.render("th"), refusal.render("en")
    if english == thai:
        english = both(CODES[code][1])[1]
    return thai, english


class ApiError(Exception):
    """An error of the API itself; ``message`` is a msgid (formatted with ``params``)."""

    def __init__(
        self,
        code: str,
        message: str | Promise | None = None,
        *,
        params: Mapping[str, Any] | None = None,
        field: str | None = None,
        errors: list[dict[str, str]] | None = None,
        texts: tuple[str, str] | None = None,
    ) -> None:
        self.code = code
        self.status = CODES[code][0]
        if texts is None:
            texts = both(message if message is not None else CODES[code][1], params)
        self.texts = texts
        self.field = field
        self.errors = errors
        super().__init__(self.texts[1])


def field_error(
    field: str, type_: str, message: str | Promise | ServiceError, **params: Any
) -> dict[str, str]:
    """One field's error: a msgid (with ``params``), or a service's refusal of that field."""
    if isinstance(message, ServiceError):
        th, en = from_service("validation", message)
    else:
        th, en = both(message, params or None)
    return {"field": field, "type": type_, "message_th": th, "message_en": en}


def error_response(
    code: str,
    texts: tuple[str, str] | None = None,
    *,
    field: str | None = None,
    errors: list[dict[str, str]] | None = None,
) -> HttpResponse:
    status, generic = CODES[code]
    th, en = texts if texts is not None else both(generic)
    body: dict[str, Any] = {"code": code, "message_th": th, "message_en": en}
    if field is not None:
        body["field"] = field
    if errors is not None:
        body["errors"] = errors
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="pramoen"'
    return response


# --- pydantic validation errors --------------------------------------------------------------

# pydantic error type -> (message, {message placeholder: pydantic ctx key})
_PYDANTIC: dict[str, tuple[Promise, dict[str, str]]] = {
    "missing": (_("ต้องระบุ"), {}),
    "int_parsing": (_("ต้องเป็นจำนวนเต็ม"), {}),
    "int_type": (_("ต้องเป็นจำนวนเต็ม"), {}),
    "int_from_float": (_("ต้องเป็นจำนวนเต็ม"), {}),
    "decimal_parsing": (_("ต้องเป็นตัวเลข"), {}),
    "decimal_type": (_("ต้องเป็นตัวเลข"), {}),
    "float_parsing": (_("ต้องเป็นตัวเลข"), {}),
    "finite_number": (_("ต้องเป็นตัวเลข"), {}),
    "decimal_max_digits": (_("ตัวเลขมีจำนวนหลักเกินกำหนด"), {}),
    "decimal_max_places": (_("ตัวเลขมีจำนวนหลักเกินกำหนด"), {}),
    "decimal_whole_digits": (_("ตัวเลขมีจำนวนหลักเกินกำหนด"), {}),
    "greater_than_equal": (_("ต้องไม่น้อยกว่า %(ge)s"), {"ge": "ge"}),
    "less_than_equal": (_("ต้องไม่เกิน %(le)s"), {"le": "le"}),
    "greater_than": (_("ต้องมากกว่า %(gt)s"), {"gt": "gt"}),
    "less_than": (_("ต้องน้อยกว่า %(lt)s"), {"lt": "lt"}),
    "string_too_long": (_("ยาวเกิน %(max)s ตัวอักษร"), {"max": "max_length"}),
    "string_too_short": (_("ต้องมีอย่างน้อย %(min)s ตัวอักษร"), {"min": "min_length"}),
    "too_long": (_("มีได้ไม่เกิน %(max)s รายการ"), {"max": "max_length"}),
    "string_pattern_mismatch": (_("รูปแบบไม่ถูกต้อง"), {}),
    "json_invalid": (_("ข้อมูล JSON ไม่ถูกต้อง"), {}),
}


def _field_name(loc: list[Any] | tuple[Any, ...]) -> str:
    # ninja's loc is (where, parameter name, *path inside it): ("body", "payload", "version"),
    # ("path", "evaluation_id"), ("file", "file"). A body field is named by its path alone.
    parts = [str(p) for p in loc]
    if parts and parts[0] == "body":
        parts = parts[2:] or ["body"]
    elif len(parts) > 1:
        parts = parts[1:]
    return ".".join(parts) or "body"


def _pydantic_error(error: Mapping[str, Any]) -> dict[str, str]:
    type_ = str(error.get("type", "invalid"))
    field = _field_name(error.get("loc", ()))
    known = _PYDANTIC.get(type_)
    if known is None and type_.endswith("_type"):
        known = (_("ชนิดข้อมูลไม่ถูกต้อง"), {})
    if known is None:
        th, _en = both(_("ข้อมูลไม่ถูกต้อง"))
        return {"field": field, "type": type_, "message_th": th, "message_en": str(error["msg"])}
    message, keys = known
    ctx = error.get("ctx") or {}
    params = {name: ctx.get(key, "") for name, key in keys.items()}
    return field_error(field, type_, message, **params)


# --- handlers --------------------------------------------------------------------------------


def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [_pydantic_error(e) for e in exc.errors]
    return error_response("validation", field=errors[0]["field"] if errors else None, errors=errors)


def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return error_response(exc.code, exc.texts, field=exc.field, errors=exc.errors)


def _unauthorized(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_response("unauthorized")


def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    refusal = exc.args[0] if exc.args else ""
    if not isinstance(refusal, ServiceError):
        refusal = str(refusal)
    return error_response("forbidden", from_service("forbidden", refusal) if refusal else None)


def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_response("not-found")


_BY_STATUS = {status: code for code, (status, _m) in reversed(CODES.items())}


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error_response(_BY_STATUS.get(exc.status_code, "bad-request"))


def _service(code: str) -> Callable[[HttpRequest, ServiceError], HttpResponse]:
    def handler(request: HttpRequest, exc: ServiceError) -> HttpResponse:
        return error_response(code, from_service(code, exc))

    return handler


def _invalid(request: HttpRequest, exc: InvalidInput) -> HttpResponse:
    return error_response("validation", from_service("validation", exc), field=exc.field or None)


# Django refuses a body while parsing it, when an operation first reads its form or files:
# the client's request is wrong, whichever operation it was for.


def _unparsable(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    return error_response(
        "bad-request",
        both(_("อ่านเนื้อหาของคำขอไม่ได้ ส่งไฟล์เป็น multipart/form-data ที่มี boundary ตามมาตรฐาน")),
    )


def _bad_request(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_response("bad-request")  # too many fields or files, and the like


def _body_too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return error_response("too-large")


def _evidence_too_large(request: HttpRequest, exc: EvidenceTooLarge) -> HttpResponse:
    return error_response("too-large", from_service("too-large", exc), field="file")


def _evidence(request: HttpRequest, exc: EvidenceRejected) -> HttpResponse:
    return error_response("evidence-rejected", from_service("evidence-rejected", exc), field="file")


def unreadable(exc: DocumentError, field: str) -> ApiError:
    """The core's messages are Thai only (by design): English gets the generic text."""
    english = both(CODES["document-unreadable"][1])[1]
    if exc.line is not None:
        english = f"{english} (line {exc.line})"
    return ApiError("document-unreadable", field=field, texts=(str(exc), english))


def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
    return error_response("server-error")


def install(api: NinjaAPI) -> None:
    """Every exception an operation can meet becomes the one error shape."""
    handlers: list[tuple[type[Exception], Callable[..., HttpResponse]]] = [
        (Exception, _unexpected),
        (HttpError, _http_error),
        (AuthenticationError, _unauthorized),
        (ValidationError, _validation),
        (ApiError, _api_error),
        (PermissionDenied, _forbidden),
        (Http404, _not_found),
        (MultiPartParserError, _unparsable),
        (SuspiciousOperation, _bad_request),  # TooManyFieldsSent, TooManyFilesSent
        (BadRequest, _bad_request),
        (RequestDataTooBig, _body_too_large),
        (ServiceError, _service("workflow")),  # WorkflowError and any other refusal
        (ConflictError, _service("conflict")),
        (NotAllowed, _service("forbidden")),
        (InvalidInput, _invalid),
        (TooLargeError, _service("too-large")),
        (EvidenceRejected, _evidence),
        (EvidenceTooLarge, _evidence_too_large),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, handler)


def thai_messages(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Run an operation in Thai so that service messages arrive as msgids (see above)."""

    @functools.wraps(run)
    def wrapper(*args: Any, **kwargs: Any) -> HttpResponse:
        with translation.override("th"):
            return run(*args, **kwargs)

    return wrapper


def not_allowed_as_json(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """ninja answers a method a path does not have with a plain-text 405; make it our JSON."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            allow = response.get("Allow", "")
            response = error_response("method-not-allowed")
            response["Allow"] = allow
        return response

    return wrapper


def unknown_path(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Anything under /api/ that is no operation: a JSON 404, like the operations'."""
    return error_response("not-found")
