"""One error shape for every failure, in Thai and English; the schema and its docs page."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from pramoen.api.errors import CODES
from pramoen.api.services import token_create
from pramoen.evaluation.models import Evaluation

pytestmark = pytest.mark.django_db

THAI = re.compile(r"[\u0e00-\u0e7f]")


def assert_error(response, status, code):
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == code
    assert THAI.search(body["message_th"]), body
    assert body["message_en"] and not THAI.search(body["message_en"]), body
    return body


def test_no_token_is_401_with_a_bearer_challenge(round_):
    response = Client().get("/api/rounds")
    assert_error(response, 401, "unauthorized")
    assert response["WWW-Authenticate"] == 'Bearer realm="pramoen"'


def test_a_user_without_an_office_is_403_with_the_reason(round_):
    user = get_user_model().objects.create_user("nobody")
    _token, secret = token_create(user=user, name="x")
    response = Client(headers={"Authorization": f"Bearer {secret}"}).get("/api/districts")
    body = assert_error(response, 403, "forbidden")
    assert body["message_th"] == "ผู้ใช้นี้ยังไม่ได้สังกัดหน่วยงาน"
    assert body["message_en"] == "This user is not yet assigned to an office"


def test_hidden_and_missing_objects_are_the_same_404(round_, api_for):
    other = Evaluation.objects.get(round=round_, district__code="2001")
    hidden = api_for("d2002").get(f"/api/evaluations/{other.pk}")
    missing = api_for("d2002").get("/api/evaluations/999999")
    assert assert_error(hidden, 404, "not-found") == assert_error(missing, 404, "not-found")


def test_any_other_path_under_the_api_is_a_json_404(api_for, round_):
    for path in ("/api/", "/api/nothing-here", "/api/rounds/", "/api/districts/2001"):
        assert_error(api_for("province").get(path), 404, "not-found")


def test_a_method_a_path_does_not_have_is_a_json_405_with_allow(round_, api_for):
    response = api_for("province").delete(f"/api/rounds/{round_.pk}")
    assert_error(response, 405, "method-not-allowed")
    assert response["Allow"] == "GET"


def test_a_body_that_is_not_json_is_400(round_, api_for):
    ev = Evaluation.objects.get(round=round_, district__code="2001")
    response = api_for("d2001").put(
        f"/api/evaluations/{ev.pk}/results/I5", "{version: 0", content_type="application/json"
    )
    assert_error(response, 400, "bad-request")


def test_a_path_parameter_out_of_range_names_the_parameter(round_, api_for):
    body = assert_error(api_for("province").get("/api/rounds/0"), 422, "validation")
    assert body["field"] == "round_id"
    assert body["errors"][0]["message_th"] == "ต้องไม่น้อยกว่า 1"
    assert body["errors"][0]["message_en"] == "Must be at least 1"


def test_both_languages_whatever_the_caller_asks_for(round_, token_for):
    token = token_for("d2001")
    ev = Evaluation.objects.get(round=round_, district__code="2001")
    bodies = []
    for language in ("en", "th"):
        client = Client(headers={"Authorization": f"Bearer {token}", "Accept-Language": language})
        response = client.put(
            f"/api/evaluations/{ev.pk}/results/T1",
            {"version": 0, "value": 80},
            content_type="application/json",
        )
        bodies.append(assert_error(response, 409, "workflow"))
    assert bodies[0] == bodies[1]


def test_every_code_has_a_message_in_both_languages():
    from pramoen.api.errors import both

    for code, (status, message) in CODES.items():
        th, en = both(message)
        assert 400 <= status < 600
        assert THAI.search(th) and not THAI.search(en), code


def test_the_schema_is_openapi_3_with_the_error_shape_on_every_operation(client):
    schema = client.get("/api/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Pramoen API"
    assert schema["components"]["securitySchemes"]["TokenAuth"] == {
        "type": "http",
        "scheme": "bearer",
    }
    error = schema["components"]["schemas"]["ErrorOut"]
    assert set(error["required"]) == {"code", "message_th", "message_en"}
    for methods in schema["paths"].values():
        for operation in methods.values():
            for status in ("401", "403", "404", "422"):
                ref = operation["responses"][status]["content"]["application/json"]["schema"]
                assert ref == {"$ref": "#/components/schemas/ErrorOut"}


def test_the_docs_page_loads_swagger_ui_from_our_own_static_files(client):
    response = client.get("/api/docs")
    page = response.content.decode()
    assert response.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert "/static/ninja/swagger-ui-bundle.js" in sources
    assert "/static/ninja/swagger-ui-init.js" in sources
    assert "/static/ninja/swagger-ui.css" in sources
    assert all(s.startswith("/") for s in sources), sources  # no CDN, no other host
    assert re.findall(r"<script(?![^>]*(?:src=|application/json))[^>]*>", page) == []
    assert '"url": "/api/openapi.json"' in page


def test_the_swagger_ui_files_are_served(client):
    for name in ("swagger-ui-bundle.js", "swagger-ui-init.js", "swagger-ui.css"):
        response = client.get(f"/static/ninja/{name}")
        assert response.status_code == 200, name
        assert b"".join(response.streaming_content)
