"""What every signed-in page asks the database, exactly: the floor under every page's count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pramoen.evaluation.models import Indicator
from pramoen.testing import factories

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


def _transactional(sqls):
    # a test runs inside a transaction, so the service's own shows as savepoints
    return [s for s in sqls if not s.startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]


def test_a_save_takes_eight_queries(round_, client_for):
    # the floor's two (no header in a card); the evaluation; the indicator (its levels and
    # districts are the round's snapshot); the result, its conditional update, the history
    # event; the card's evidence. The card shows the result as written, not read again.
    client = client_for("d2001")
    url = f"/rounds/{round_.pk}/d/2001/i/I5/"
    first = client.post(url, {"value": "10", "version": "0"}, HTTP_HX_REQUEST="true")
    assert "บันทึกร่างแล้ว" in first.content.decode()
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, {"value": "11", "version": "1"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "บันทึกร่างแล้ว" in page and 'name="version" value="2"' in page
    sqls = _transactional([q["sql"] for q in queries.captured_queries])
    assert len(sqls) == 8, sqls
    assert sqls[-1].startswith('SELECT "evaluation_evidence"'), sqls


def test_the_queue_asks_the_same_however_many_rows_wait(round_, users, client_for):
    # the floor's three; the round; the group's province-wide results and indicators (this
    # group has none, so no approval lock is asked about); the rows waiting and those it may
    # withdraw. A row's unit comes from the round's snapshot, not a query a row.
    client = client_for("wg-promotion")  # owns I1 I2a I2b I6 I7
    url = f"/rounds/{round_.pk}/queue/"
    counts = []
    for district in ("2001", "2002"):
        applies = Indicator.objects.filter(round=round_, districts__code=district, shared=False)
        entries = {i.code: factories.varied_entry(1, i) for i in applies.prefetch_related("levels")}
        factories.results_entered(round_=round_, user=users[f"d{district}"], entries=entries)
        factories.evaluation_submitted(round_=round_, user=users[f"d{district}"])
        sqls = _queries(client, url)
        counts.append(len(sqls))
    page = client.get(url).content.decode()
    assert page.count('id="item-') >= 6, "the queue shows the waiting rows"
    assert counts == [8, 8], counts
