"""What every signed-in page asks the database, exactly: the floor under every page's count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def _queries(client, url):
    client.get(url)  # the process's once-only reads (a round's levels) are not the page's
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries]


def test_a_signed_in_page_in_the_layout_takes_three_queries(round_, client_for):
    # the session; the user with their membership and its unit (accounts.backends); the
    # header's unread notifications
    sqls = _queries(client_for("d2001"), "/bench/hello/")
    assert len(sqls) == 3, sqls
    assert '"django_session"' in sqls[0]
    assert '"auth_user"' in sqls[1] and '"accounts_membership"' in sqls[1]
    assert '"notifications_notification"' in sqls[2]


def test_the_entry_page_takes_six_queries(round_, client_for):
    # the floor's three; the evaluation, the district's indicators, their results
    sqls = _queries(client_for("d2001"), f"/rounds/{round_.pk}/d/2001/")
    assert len(sqls) == 6, sqls
