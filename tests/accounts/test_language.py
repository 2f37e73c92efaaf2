"""Thai whatever the browser asks for; English only by the switch, remembered per person."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from pramoen.accounts.models import Membership

pytestmark = pytest.mark.django_db

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


def login_page(client: Client) -> str:
    return client.get(reverse("login"), **ENGLISH_BROWSER).content.decode()


def test_an_english_browser_gets_thai(users):
    client = Client()
    page = login_page(client)
    assert 'lang="th"' in page and "เข้าสู่ระบบประเมินผล" in page
    client.force_login(users["d2001"])
    response = client.get(reverse("home"), follow=True, **ENGLISH_BROWSER)
    assert 'lang="th"' in response.content.decode()
    assert response.headers["Content-Language"] == "th"


def test_the_switch_gives_english_and_it_is_remembered_on_the_person(users):
    client = Client()
    client.post(reverse("login"), {"username": "d2001", "password": "pw-d2001"})
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "/"}, **ENGLISH_BROWSER
    )
    assert response.status_code == 302
    assert Membership.objects.get(user=users["d2001"]).language == "en"
    page = client.get(reverse("home"), follow=True, **ENGLISH_BROWSER).content.decode()
    assert 'lang="en"' in page

    # another browser, no cookie, and a Thai one at that: the person's choice applies at login
    other = Client()
    response = other.post(
        reverse("login"),
        {"username": "d2001", "password": "pw-d2001"},
        HTTP_ACCEPT_LANGUAGE="th",
    )
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = other.get(reverse("home"), follow=True).content.decode()
    assert 'lang="en"' in page
    # after logging out, the login page stays in the person's language (the cookie)
    other.post(reverse("logout"))
    assert 'lang="en"' in other.get(reverse("login")).content.decode()


def test_switching_back_to_thai_is_remembered_too(users):
    client = Client()
    client.force_login(users["d2001"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    client.post(reverse("set_language"), {"language": "th", "next": "/"})
    assert Membership.objects.get(user=users["d2001"]).language == "th"
    page = client.get(reverse("home"), follow=True, **ENGLISH_BROWSER).content.decode()
    assert 'lang="th"' in page


def test_an_anonymous_visitor_keeps_the_choice_in_the_cookie():
    client = Client()
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert 'lang="en"' in client.get(reverse("login")).content.decode()


def test_an_unknown_language_changes_nothing(users):
    client = Client()
    client.force_login(users["d2001"])
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    client.get(reverse("set_language"), {"language": "en"})  # only a POST chooses
    assert Membership.objects.get(user=users["d2001"]).language == ""
    assert 'lang="th"' in login_page(Client())
