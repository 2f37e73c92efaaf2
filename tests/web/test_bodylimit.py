"""Bodies over their limit are refused before they are read (pramoen.web.bodylimit): by their
declared length in the middleware, by the bytes received in the upload handler."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.test import Client, RequestFactory
from django.test.client import encode_multipart
from django.urls import reverse

from pramoen.evaluation.models import Evidence
from pramoen.exchange.reader import MAX_BYTES as IMPORT_MAX_BYTES
from pramoen.web.bodylimit import MULTIPART_OVERHEAD, LimitedUploadHandler, body_limit

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


class Unread(io.RawIOBase):
    """A request body that must not be read: the test fails if anyone does."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer):  # type: ignore[no-untyped-def]
        raise AssertionError("the body was read")


class Counted(io.BytesIO):
    """A request body that counts what is read of it."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.taken = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.taken += len(chunk)
        return chunk


def evidence_url(round_, code="I5"):
    return reverse(
        "evidence_upload", kwargs={"round_id": round_.pk, "district": "2001", "code": code}
    )


def declared(client: Client, path: str, length: int, **extra):
    """A POST that announces ``length`` bytes of multipart body and sends none."""
    return client.generic(
        "POST",
        path,
        b"",
        CONTENT_TYPE="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": Unread()},
        **extra,
    )


@pytest.fixture
def officer(client_for, users):
    return client_for("d2001")


@pytest.fixture
def saved_i5(round_, officer):
    path = reverse("result_save", kwargs={"round_id": round_.pk, "district": "2001", "code": "I5"})
    officer.post(path, {"value": "11", "version": "0"})


def test_an_evidence_body_over_its_limit_is_refused_unread_with_a_thai_page(round_, officer):
    response = declared(officer, evidence_url(round_), 300 * MB)
    assert response.status_code == 413
    page = response.content.decode()
    assert "ส่งข้อมูลไม่สำเร็จ" in page and "ไฟล์ใหญ่เกิน 10 MB" in page
    assert "Content-Security-Policy" in response  # the page went through every middleware


def test_a_stranger_is_refused_before_the_login_check(round_):
    response = declared(Client(), evidence_url(round_), 300 * MB)
    assert response.status_code == 413


def test_htmx_gets_a_fragment_to_place_in_its_target(round_, officer):
    response = declared(officer, evidence_url(round_), 300 * MB, HTTP_HX_REQUEST="true")
    assert response.status_code == 413
    assert response["HX-Reswap"] == "afterbegin"
    fragment = response.content.decode()
    assert fragment.startswith('<p class="flash error" role="alert" data-refused="413">')
    assert "ไฟล์ใหญ่เกิน 10 MB" in fragment and "<html" not in fragment


def test_the_pages_let_htmx_swap_the_refusals_in():
    from django.template.loader import get_template

    base = get_template("base.html").template.source
    assert '{"code": "41[13]", "swap": true, "error": true}' in base


def test_the_page_is_in_english_for_english_readers(round_, officer):
    officer.cookies["django_language"] = "en"
    response = declared(officer, evidence_url(round_), 300 * MB)
    assert "The file is larger than 10 MB" in response.content.decode()


def test_the_api_answers_its_json_error_in_both_languages(round_, client_for):
    path = "/api/evaluations/1/results/I5/evidence"
    response = declared(Client(), path, 300 * MB)
    assert response.status_code == 413
    assert response.json() == {
        "code": "too-large",
        "message_th": "ไฟล์ใหญ่เกิน 10 MB",
        "message_en": "The file is larger than 10 MB",
    }


def test_any_other_door_takes_a_form_s_size(round_, officer):
    path = reverse("result_save", kwargs={"round_id": round_.pk, "district": "2001", "code": "I5"})
    response = declared(officer, path, 6 * MB)
    assert response.status_code == 413
    assert "ข้อมูลที่ส่งใหญ่เกิน 5 MB" in response.content.decode()
    response = declared(Client(), "/api/no/such/operation", 6 * MB)
    assert response.json()["message_en"] == "The data sent is larger than 5 MB"


def test_each_upload_door_has_its_own_limit(round_, settings):
    settings.EVIDENCE_MAX_BYTES = 7 * MB
    factory = RequestFactory()
    doors = {
        evidence_url(round_): 7 * MB,
        "/api/evaluations/1/results/I5/evidence": 7 * MB,
        reverse("exchange:import", args=[round_.pk]): IMPORT_MAX_BYTES,
        f"/api/rounds/{round_.pk}/imports": IMPORT_MAX_BYTES,
        reverse("round_import"): settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
        "/not/a/page/": settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
    }
    for path, content in doors.items():
        assert body_limit(factory.post(path)).bytes == content + MULTIPART_OVERHEAD, path


def test_a_body_without_a_declared_length_is_refused(round_, officer):
    for client, path in ((officer, evidence_url(round_)), (Client(), "/api/rounds/1/imports")):
        response = client.generic(
            "POST",
            path,
            b"",
            CONTENT_TYPE="multipart/form-data; boundary=xyz",
            HTTP_TRANSFER_ENCODING="chunked",
            **{"wsgi.input": Unread()},
        )
        assert response.status_code == 411
    assert response.json()["code"] == "length-required"


def test_evidence_larger_than_a_form_but_within_its_limit_is_attached(round_, officer, saved_i5):
    pdf = SimpleUploadedFile("แผนงาน.pdf", b"%PDF-1.4 " + b"0" * (9 * MB))
    response = officer.post(evidence_url(round_), {"file": pdf}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert Evidence.objects.get().size == 9 * MB + 9


def test_a_file_just_over_the_limit_gets_the_rule_s_own_message(
    round_, officer, saved_i5, settings
):
    settings.EVIDENCE_MAX_BYTES = MB
    pdf = SimpleUploadedFile("big.pdf", b"%PDF-1.4 " + b"0" * MB)
    response = officer.post(evidence_url(round_), {"file": pdf}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200  # the card, re-rendered with the service's message
    assert 'id="card-I5"' in response.content.decode()
    assert "ไฟล์ใหญ่เกิน 1 MB" in response.content.decode()
    assert not Evidence.objects.exists()


def test_the_upload_handler_stops_the_parser_past_the_limit(
    round_, settings, tmp_path, monkeypatch
):
    settings.EVIDENCE_MAX_BYTES = MB
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    spooled = []  # the temporary directory while the file was being written
    write = TemporaryFileUploadHandler.receive_data_chunk

    def watched(self, raw_data, start):  # type: ignore[no-untyped-def]
        spooled.append(len(list(tmp_path.iterdir())))
        return write(self, raw_data, start)

    monkeypatch.setattr(TemporaryFileUploadHandler, "receive_data_chunk", watched)
    body = encode_multipart("B", {"file": SimpleUploadedFile("big.pdf", b"0" * (8 * MB))})
    stream = Counted(body)
    request = RequestFactory().generic(
        "POST",
        evidence_url(round_),
        b"",
        CONTENT_TYPE="multipart/form-data; boundary=B",
        CONTENT_LENGTH=str(len(body)),
        **{"wsgi.input": stream},
    )
    assert "file" not in request.FILES
    assert request.META["pramoen.body_refused"].content == MB
    handler = request.upload_handlers[0]
    assert isinstance(handler, LimitedUploadHandler)
    assert MB < handler.received <= MB + MULTIPART_OVERHEAD + 64 * 1024
    assert stream.taken < 2 * MB  # the rest was never read
    assert spooled and spooled[-1] == 1  # the part within the limit went to a temporary file
    assert list(tmp_path.iterdir()) == []  # which is gone


class TinyLimitHandler(LimitedUploadHandler):
    """The handler with a limit below the middleware's: as if a server handed Django a body
    longer than the one it declared."""

    def __init__(self, request=None):  # type: ignore[no-untyped-def]
        super().__init__(request)
        self.limit = type(self.limit)(1024, self.limit.message)  # type: ignore[union-attr]


HANDLERS = [
    "tests.web.test_bodylimit.TinyLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]


def test_a_stopped_upload_is_refused_before_the_view_runs(round_, users, saved_i5, settings):
    settings.FILE_UPLOAD_HANDLERS = HANDLERS
    officer = Client(enforce_csrf_checks=True)
    officer.force_login(users["d2001"])
    officer.get(reverse("evaluation", kwargs={"round_id": round_.pk, "district": "2001"}))
    token = officer.cookies["csrftoken"].value
    pdf = SimpleUploadedFile("a.pdf", b"%PDF-1.4 " + b"0" * 100_000)
    response = officer.post(
        evidence_url(round_),
        {"csrfmiddlewaretoken": token, "file": pdf, "url": "https://example.go.th/x"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 413
    assert "ไฟล์ใหญ่เกิน 1 MB" in response.content.decode()
    assert not Evidence.objects.exists()  # not even the link: the view never ran


def test_a_stopped_api_upload_is_refused(round_, users, settings):
    from pramoen.api.services import token_create

    settings.FILE_UPLOAD_HANDLERS = HANDLERS
    token = token_create(user=users["d2001"], name="t")[1]
    client = Client(headers={"Authorization": f"Bearer {token}"})
    pdf = SimpleUploadedFile("a.pdf", b"%PDF-1.4 " + b"0" * 100_000)
    evaluation = round_.evaluations.get(district__code="2001")
    response = client.post(f"/api/evaluations/{evaluation.pk}/results/I5/evidence", {"file": pdf})
    assert response.status_code == 413
    assert response.json()["code"] == "too-large"
