"""Request bodies Django refuses while parsing them are the client's error (400, or 413 for a
body over the limit), in the API's one error shape, never a 500; and the web pages that take
uploads answer them with a 400 page. Found by Schemathesis: `multipart/form-data` without its
boundary."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from pramoen.evaluation.models import Evaluation

from .test_errors import assert_error

pytestmark = pytest.mark.django_db

NO_BOUNDARY = "multipart/form-data"


def api(token: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {token}"}, raise_request_exception=False)


@pytest.fixture
def evaluation(round_):
    return Evaluation.objects.get(round=round_, district__code="2001")


def test_a_multipart_body_without_its_boundary_is_400_on_every_upload(
    round_, evaluation, token_for
):
    uploads = [
        (token_for("province"), reverse("api:import_check", args=[round_.pk])),
        (token_for("d2001"), reverse("api:evidence_upload", args=[evaluation.pk, "I1"])),
        (token_for("province"), reverse("api:document_check_upload")),
    ]
    for token, url in uploads:
        response = api(token).post(url, data=b"--x\r\n\r\n", content_type=NO_BOUNDARY)
        body = assert_error(response, 400, "bad-request")
        assert "boundary" in body["message_th"] and "boundary" in body["message_en"]


def test_too_many_fields_or_files_is_400_and_a_body_over_the_limit_413(round_, token_for):
    client = api(token_for("province"))
    url = reverse("api:import_check", args=[round_.pk])
    fields = "&".join(f"f{n}=1" for n in range(2000))
    assert_error(
        client.post(url, fields, content_type="application/x-www-form-urlencoded"),
        400,
        "bad-request",
    )
    files = {f"f{n}": SimpleUploadedFile(f"{n}.csv", b"x") for n in range(120)}
    assert_error(client.post(url, files), 400, "bad-request")
    huge = b'{"text": "' + b"a" * (6 * 1024 * 1024) + b'"}'
    assert_error(
        client.post(reverse("api:document_check"), huge, content_type="application/json"),
        413,
        "too-large",
    )


def test_the_web_upload_forms_answer_a_broken_multipart_body_with_400(round_, users, client_for):
    pages = [
        ("d2001", reverse("exchange:import", args=[round_.pk])),
        ("d2001", reverse("evidence_upload", args=[round_.pk, "2001", "I1"])),
        ("province", reverse("round_import")),
    ]
    for who, url in pages:
        client = client_for(who)
        client.raise_request_exception = False
        response = client.post(url, data=b"--x\r\n\r\n", content_type=NO_BOUNDARY)
        assert response.status_code == 400, url


def test_the_schema_declares_what_the_uploads_and_the_document_check_answer(client):
    operations = {
        op["operationId"]: op["responses"]
        for path in client.get("/api/openapi.json").json()["paths"].values()
        for op in path.values()
    }
    for upload in ("import_check", "evidence_upload", "document_check_upload"):
        assert {"400", "413", "422"} <= set(operations[upload]), upload
    # what the check makes of a schema-valid text depends on the text: 422 document-unreadable
    for check in ("document_check", "document_check_upload"):
        assert {"400", "413", "422"} <= set(operations[check]), check
    assert {"400", "413"} <= set(operations["result_update"])
