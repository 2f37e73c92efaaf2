"""Login: Argon2, lock-out after repeated failures, CSRF on forms."""

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_passwords_are_hashed_with_argon2_by_default(settings):
    from django.contrib.auth.hashers import make_password

    from pramoen.web import settings as project_settings

    # the tests swap in a fast hasher; the project's own setting is Argon2
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    assert make_password("รหัสผ่าน").startswith("argon2$")


def test_repeated_failures_lock_the_account_out(users):
    client = Client()
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"), {"username": "d2001", "password": "wrong"}, REMOTE_ADDR="10.0.0.1"
        )
    response = client.post(
        reverse("login"), {"username": "d2001", "password": "pw-d2001"}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 429
    assert "ระงับการเข้าสู่ระบบชั่วคราว" in response.content.decode()


def test_the_right_password_logs_in(users):
    client = Client()
    response = client.post(
        reverse("login"), {"username": "d2001", "password": "pw-d2001"}, REMOTE_ADDR="10.0.0.2"
    )
    assert response.status_code == 302


def test_forms_without_a_csrf_token_are_refused(round_, users):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["d2001"])
    response = client.post(
        reverse("result_save", kwargs={"round_id": round_.pk, "district": "2001", "code": "I5"}),
        {"value": "10", "version": "0"},
    )
    assert response.status_code == 403
