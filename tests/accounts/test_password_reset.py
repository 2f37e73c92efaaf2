""" "Forgot password" end to end through a real SMTP server on loopback (aiosmtpd): the mail is
sent over the wire, its link sets the password once; an unknown address gets the same answer
and no mail; requests are limited per client and per address."""

from __future__ import annotations

import email
import email.policy
import re

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.test import Client
from django.urls import reverse

from pramoen.accounts.models import PasswordResetRequest, PersonEvent
from pramoen.web.mailurl import MailURLError, mail_settings

pytestmark = pytest.mark.django_db


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 OK"


@pytest.fixture
def smtp(settings, free_tcp_port):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_tcp_port)
    controller.start()
    try:
        for key, value in mail_settings(f"smtp://127.0.0.1:{free_tcp_port}").items():
            setattr(settings, key, value)
        settings.DEFAULT_FROM_EMAIL = "Pramoen Chonburi <pramoen@chonburi.example.org>"
        yield inbox
    finally:
        controller.stop()


def ask(email_address, client=None):
    return (client or Client()).post(reverse("password_reset"), {"email": email_address})


def test_the_reset_mail_goes_over_smtp_and_its_link_works_once(smtp, users):
    users["d2001"].email = "somchai@example.org"
    users["d2001"].save()
    response = ask("SomChai@Example.org")  # any case
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    [(to, message)] = smtp.messages
    assert to == ["somchai@example.org"]
    assert message["From"] == "Pramoen Chonburi <pramoen@chonburi.example.org>"
    assert "ตั้งรหัสผ่านใหม่" in message["Subject"]
    body = message.get_content()
    assert "d2001" in body
    path = re.search(r"http://testserver(/accounts/reset/\S+/)", body)[1]
    browser = Client()
    page = browser.get(path, follow=True)
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else path
    new = {"new_password1": "มะม่วง-บางแสน-77", "new_password2": "มะม่วง-บางแสน-77"}
    assert browser.post(form_url, new)["Location"] == reverse("password_reset_complete")
    signed_in = Client().post(
        reverse("login"), {"username": "d2001", "password": "มะม่วง-บางแสน-77"}
    )
    assert signed_in.status_code == 302 and signed_in["Location"] != reverse("login")
    reused = Client().get(path, follow=True).content.decode()
    assert "ลิงก์นี้ใช้ไม่ได้แล้ว" in reused and "หมดอายุหรือถูกใช้ไปแล้ว" in reused
    kinds = set(
        PersonEvent.objects.exclude(kind="person_created_cli").values_list("kind", flat=True)
    )
    assert kinds == {"password_reset_requested", "password_set_by_link"}


def test_an_unknown_address_gets_the_same_answer_and_no_mail(smtp, users):
    users["d2001"].email = "somchai@example.org"
    users["d2001"].save()
    known, unknown = ask("somchai@example.org"), ask("nobody@example.org")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert len(smtp.messages) == 1
    done = Client().get(reverse("password_reset_done")).content.decode()
    assert "ถ้าอีเมลนี้ใช้กับบัญชีในระบบ" in done


def test_a_deactivated_person_gets_no_link(smtp, users):
    users["d2001"].email = "somchai@example.org"
    users["d2001"].is_active = False
    users["d2001"].save()
    ask("somchai@example.org")
    assert smtp.messages == []


def test_requests_are_limited_per_client_and_per_address(settings, users):
    settings.PASSWORD_RESET_LIMIT = 3
    users["d2001"].email = "somchai@example.org"
    users["d2001"].save()
    client = Client()
    for n in range(3):
        assert ask(f"other{n}@example.org", client).status_code == 302
    refused = ask("somchai@example.org", client)
    assert refused.status_code == 429
    assert "บ่อยเกินไป" in refused.content.decode()
    assert 'value="somchai@example.org"' in refused.content.decode()  # what was typed stays
    assert mail.outbox == []
    # per address too, from any client: the rows are in the database, shared by every server
    PasswordResetRequest.objects.all().delete()
    for n in range(3):
        ask("somchai@example.org", Client(REMOTE_ADDR=f"198.51.100.{n + 1}"))
    assert ask("somchai@example.org", Client(REMOTE_ADDR="198.51.100.99")).status_code == 429
    assert len(mail.outbox) == 3


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("console://", {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}),
        (
            "smtp+tls://pramoen%40chonburi:s%3Acret@mail.example.org:2525",
            {
                "EMAIL_HOST": "mail.example.org",
                "EMAIL_PORT": 2525,
                "EMAIL_HOST_USER": "pramoen@chonburi",
                "EMAIL_HOST_PASSWORD": "s:cret",
                "EMAIL_USE_TLS": True,
                "EMAIL_USE_SSL": False,
            },
        ),
        ("smtp+ssl://mail.example.org", {"EMAIL_PORT": 465, "EMAIL_USE_SSL": True}),
        ("smtp://relay", {"EMAIL_PORT": 25, "EMAIL_USE_TLS": False, "EMAIL_HOST_USER": ""}),
    ],
)
def test_one_url_sets_the_mail_transport(url, expected):
    got = mail_settings(url)
    assert {k: got[k] for k in expected} == expected


@pytest.mark.parametrize("url", ["http://mail", "smtp://", "smtp://host:port", "smtp+x://h"])
def test_a_bad_mail_url_is_refused_with_what_is_wrong(url):
    with pytest.raises(MailURLError, match="PRAMOEN_EMAIL_URL"):
        mail_settings(url)
