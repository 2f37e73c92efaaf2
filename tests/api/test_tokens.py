"""API tokens: made and revoked on a web page, shown once, stored hashed, checked per request."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pramoen.api.models import ApiToken
from pramoen.api.services import token_create

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r"pmn_[0-9a-f]{8}_[A-Za-z0-9_-]{43}")


def _districts(token: str | None) -> int:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    return Client(headers=headers).get("/api/districts").status_code


def _everything_stored() -> str:
    """Every value of every table, as text: what someone with a copy of the database reads."""
    dump = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # table names come from the schema
            dump += [str(row) for row in cursor.fetchall()]
    return "\n".join(dump)


def test_a_member_creates_a_token_and_sees_it_exactly_once(users, client_for):
    client = client_for("d2001")
    response = client.post(reverse("api:tokens"), {"name": "โปรแกรมรายงานอำเภอ"})
    page = response.content.decode()
    assert response.status_code == 201
    assert "no-store" in response["Cache-Control"]
    [token] = TOKEN.findall(page)
    assert "ระบบจะไม่แสดงโทเค็นนี้อีก" in page
    assert _districts(token) == 200

    again = client.get(reverse("api:tokens")).content.decode()
    assert token not in again
    assert TOKEN.findall(again) == []
    assert "โปรแกรมรายงานอำเภอ" in again and f"pmn_{token[4:12]}_…" in again


def test_the_database_keeps_only_a_digest_of_the_secret(users):
    token, secret = token_create(user=users["province"], name="ระบบสำนักงาน")
    _scheme, prefix, key = secret.split("_", 2)
    assert token.prefix == prefix
    assert token.token_hash == hashlib.sha256(key.encode()).hexdigest()
    stored = _everything_stored()
    assert key not in stored and secret not in stored
    assert token.token_hash in stored  # the dump really holds the token table


def test_a_revoked_token_is_refused_with_401(users, client_for):
    token, secret = token_create(user=users["d2001"], name="ชั่วคราว")
    assert _districts(secret) == 200
    response = client_for("d2001").post(reverse("api:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    refused = Client(headers={"Authorization": f"Bearer {secret}"}).get("/api/districts")
    assert refused.status_code == 401
    assert refused.json()["code"] == "unauthorized"
    assert refused["WWW-Authenticate"].startswith("Bearer")


def test_nobody_revokes_someone_elses_token(users, client_for):
    token, secret = token_create(user=users["d2001"], name="ของอำเภอ")
    response = client_for("province").post(reverse("api:token_revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None and _districts(secret) == 200


def test_revoking_needs_a_post_with_the_csrf_token(users):
    token, _secret = token_create(user=users["d2001"], name="ของอำเภอ")
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["d2001"])
    assert client.get(reverse("api:token_revoke", args=[token.pk])).status_code == 405
    assert client.post(reverse("api:token_revoke", args=[token.pk])).status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_token_of_an_inactive_user_is_refused(users):
    _token, secret = token_create(user=users["viewer"], name="ผู้ดู")
    users["viewer"].is_active = False
    users["viewer"].save()
    assert _districts(secret) == 401


@pytest.mark.parametrize(
    "presented",
    [
        None,
        "",
        "pmn_",
        "pmn_0000000_x",
        "pmn_00000000_",
        "Basic dXNlcjpwdw==",
        "pmn_{prefix}_wrong-secret",
        "xyz_{prefix}_{key}",
        "{key}",
    ],
)
def test_anything_but_a_whole_valid_token_is_refused(users, presented):
    _token, secret = token_create(user=users["province"], name="ระบบสำนักงาน")
    _scheme, prefix, key = secret.split("_", 2)
    if presented is not None:
        presented = presented.format(prefix=prefix, key=key)
    assert _districts(presented) == 401


def test_using_a_token_records_when_at_most_once_a_minute(users):
    token, secret = token_create(user=users["province"], name="ระบบสำนักงาน")
    assert token.last_used_at is None
    assert _districts(secret) == 200
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    assert _districts(secret) == 200
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    assert _districts(secret) == 200
    token.refresh_from_db()
    assert token.last_used_at > first - timedelta(seconds=1)
    assert timezone.now() - token.last_used_at < timedelta(minutes=1)


@pytest.mark.parametrize(
    ("name", "message"),
    [("  ", "กรุณาตั้งชื่อโทเค็น"), ("ก" * 101, "ยาวเกิน 100 ตัวอักษร"), ("a\x00b", "อักขระที่ใช้ไม่ได้")],
)
def test_a_token_needs_a_proper_name(users, client_for, name, message):
    response = client_for("viewer").post(reverse("api:tokens"), {"name": name})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_token_page_is_in_english_for_english_speakers(users, client_for):
    client = client_for("viewer")
    client.cookies["django_language"] = "en"
    page = client.get(reverse("api:tokens")).content.decode()
    assert "API tokens" in page
    assert "โทเค็น API" not in page


def test_the_token_page_needs_a_login(client):
    response = client.get(reverse("api:tokens"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_token_page_has_no_inline_script(users, client_for):
    page = client_for("d2001").post(reverse("api:tokens"), {"name": "x"}).content.decode()
    scripts = re.findall(r"<script\b[^>]*>", page)
    assert scripts and all("src=" in tag for tag in scripts)
