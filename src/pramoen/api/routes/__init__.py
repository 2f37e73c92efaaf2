"""The API object: authentication, errors, documentation, and the routers of each resource."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI, Path
from ninja.openapi.docs import DocsBase
from ninja.renderers import JSONRenderer

from pramoen.evaluation import limits

from ..auth import TokenAuth
from ..errors import ErrorOut, install, thai_messages

DESCRIPTION = """\
ส่วนต่อประสานโปรแกรม (API) ของระบบประเมิน · The Pramoen JSON API.

**Authentication.** `Authorization: Bearer pmn_…` with a personal token made on the web page
*/api/tokens/* (shown once, revocable). The caller sees and may change what the same user sees
and may change in the web app: an object the user may not see is `404`, one they may see but
not change is `403`.

**Errors.** Every error is `{"code", "message_th", "message_en", "field"?, "errors"?}` with a
stable `code`; validation errors (`422`, code `validation`) name each field.

**Writes.** A result carries a `version`; send back the one you read. If someone saved in the
meantime the write is refused with `409` (code `conflict`), never silently overwritten.

**Numbers.** Every decimal is a JSON number. Scores and levels are rounded to 2 places (half
up) for display; they are computed from exact decimals. Input numbers may also be decimal
strings.
"""

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}

# Path parameters, bounded so that no value reaches the database that it cannot hold.
Id = Annotated[int, Path(ge=1, le=2_147_483_647)]
Code = Annotated[
    str, Path(pattern=f"^{limits.CODE_PATTERN}$", description="indicator code, e.g. I5")
]


def responses(ok: Any, *extra: int, status: int = 200) -> dict[int, Any]:
    """The success shape and every error status the operation can answer with."""
    return {status: ok, **ERRORS, **dict.fromkeys(extra, ErrorOut)}


class Renderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}  # Thai as Thai, not \u0e.. escapes


class LocalSwagger(DocsBase):
    """Swagger UI from django-ninja's bundled files, served as our own static files.

    ninja falls back to a CDN copy when "ninja" is not an installed app; this never does.
    """

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {
            "url": self.get_openapi_url(api, kwargs),
            "layout": "BaseLayout",
            "deepLinking": True,
        }
        return render(request, "api/docs.html", {"api": api, "swagger_settings": settings})


def build() -> NinjaAPI:
    from . import appraisal, documents, evaluations, exchange, organisation, verification, year

    api = NinjaAPI(
        title="Pramoen API",
        version="1",
        description=DESCRIPTION,
        urls_namespace="api",
        docs_url="/docs",
        openapi_url="/openapi.json",
        docs=LocalSwagger(),
        renderer=Renderer(),
        auth=TokenAuth(),
    )
    install(api)
    api.add_decorator(thai_messages, mode="view")
    api.add_router("", organisation.router)
    api.add_router("", evaluations.router)
    api.add_router("", documents.router)
    api.add_router("", exchange.router)
    api.add_router("", verification.router)
    api.add_router("", appraisal.router)
    api.add_router("", year.router)
    return api


api = build()
