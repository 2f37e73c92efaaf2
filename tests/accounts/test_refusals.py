"""Refusals a person meets are Thai first, whatever the browser's language."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_form_refused_by_the_csrf_check_says_so_in_thai(users):
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en-US")
    client.force_login(users["d2001"])
    response = client.post(reverse("logout"))
    page = response.content.decode()
    assert response.status_code == 403
    assert 'lang="th"' in page and "คุณไม่มีสิทธิ์ทำรายการนี้" in page
    assert "กรุณาโหลดหน้านี้ใหม่แล้วลองอีกครั้ง" in page
    assert "CSRF verification failed" not in page and "Forbidden" not in page


def test_a_forbidden_page_is_thai_for_an_english_browser(users, round_):
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US")
    client.force_login(users["d2001"])
    response = client.post(reverse("round_settings", args=[round_.pk]), {})
    assert response.status_code == 403
    page = response.content.decode()
    assert 'lang="th"' in page and "คุณไม่มีสิทธิ์ทำรายการนี้" in page


def test_another_districts_page_is_not_found_in_thai_for_an_english_browser(users, round_):
    # a 404 (what a person may not see is not found), on the app's page, not Django's English
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US")
    client.force_login(users["d2002"])
    response = client.get(reverse("year_district", args=[round_.fiscal_year, "2001"]))
    assert response.status_code == 404
    page = response.content.decode()
    assert 'lang="th"' in page and "ไม่พบข้อมูลที่ขอ หรือคุณไม่มีสิทธิ์เห็นข้อมูลนี้" in page
    assert "Not Found" not in page and "เมืองชลบุรี" not in page
