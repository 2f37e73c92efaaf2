"""The signed-in user comes with their membership: one query for both on every page."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pramoen.accounts.backends import MembershipBackend
from pramoen.accounts.models import membership_of

pytestmark = pytest.mark.django_db

MEMBERSHIP_TABLE = '"accounts_membership"'


def _page_queries(client: Client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries]


def test_the_user_and_their_membership_are_one_query(users):
    backend = MembershipBackend()
    with CaptureQueriesContext(connection) as queries:
        user = backend.get_user(users["d2001"].pk)
        membership = membership_of(user)
        unit = (membership.district.name_th, membership.province.name_th)
    assert len(queries) == 1 and MEMBERSHIP_TABLE in queries[0]["sql"]
    assert membership.role == "district" and all(unit)
    # a work group's unit too, and a user without a membership is None without asking again
    with CaptureQueriesContext(connection) as queries:
        wg = membership_of(backend.get_user(users["wg-coordination"].pk))
        assert wg.work_group is not None
    assert len(queries) == 1
    from django.contrib.auth import get_user_model

    bare = get_user_model().objects.create_user("bare", password="x")
    with CaptureQueriesContext(connection) as queries:
        assert membership_of(backend.get_user(bare.pk)) is None
    assert len(queries) == 1


def test_a_signed_in_page_asks_for_the_membership_with_the_user(users, client_for):
    client = client_for("d2001")
    sqls = _page_queries(client, "/bench/hello/")
    on_membership = [sql for sql in sqls if MEMBERSHIP_TABLE in sql]
    assert len(on_membership) == 1 and '"auth_user"' in on_membership[0]
    assert not any(
        sql.lstrip().upper().startswith("SELECT")
        and 'FROM "auth_user"' in sql
        and MEMBERSHIP_TABLE not in sql
        for sql in sqls
    )


def test_sessions_logged_in_by_model_backend_still_resolve(users):
    # Django keeps the path of the backend that logged a session in; those logged in before
    # MembershipBackend name ModelBackend
    client = Client()
    client.force_login(users["d2001"], backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse("home"), follow=True)
    assert response.status_code == 200
    assert response.wsgi_request.user.username == "d2001"
    assert client.session[SESSION_KEY] == str(users["d2001"].pk)


def test_a_new_login_is_kept_by_membership_backend(users):
    client = Client()
    response = client.post(
        reverse("login"), {"username": "d2001", "password": "pw-d2001"}, REMOTE_ADDR="10.0.0.9"
    )
    assert response.status_code == 302
    assert client.session["_auth_user_backend"] == "pramoen.accounts.backends.MembershipBackend"


def test_a_wrong_password_is_checked_once(users, monkeypatch):
    # ModelBackend is listed after MembershipBackend for old sessions only: a failed login
    # must not check the password a second time
    calls = []
    original = ModelBackend.authenticate

    def counted(self, *args, **kwargs):
        calls.append(type(self).__name__)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(ModelBackend, "authenticate", counted)
    client = Client()
    response = client.post(
        reverse("login"), {"username": "d2001", "password": "wrong"}, REMOTE_ADDR="10.0.0.8"
    )
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert calls == ["MembershipBackend"]
