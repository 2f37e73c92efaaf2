"""Every URL of the "exchange" namespace × every role. The table must name every such URL,
so a new exchange view without a rule fails here (tests/web/test_access.py leaves them to us)."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from pramoen.exchange import services
from pramoen.testing import factories
from tests.web.test_access import DENIED, HIDDEN, OK, ROLES, _classify, members, only

from .helpers import fill, template, xlsx_bytes

pytestmark = pytest.mark.django_db

IMPORTERS = members(viewer=DENIED)  # districts (their own), work groups, the province
WHOLE_ROUND = members(d2001=DENIED, d2002=DENIED)  # every district's results
# The batch was uploaded by d2001; the province reads every import but applies only its own.
NOT_THEIRS = {"d2002": HIDDEN, "wg_coordination": HIDDEN, "wg_strategy": HIDDEN, "viewer": HIDDEN}

# name -> (method, target, expected per role)
RULES = {
    "round": ("GET", "round", members()),
    "template": ("GET", "template", IMPORTERS),
    "import": ("POST", "round", IMPORTERS),
    "export": ("GET", "export", WHOLE_ROUND),
    "batch": ("GET", "batch", only("d2001", province=OK, **NOT_THEIRS)),
    "batch_file": ("GET", "batch", only("d2001", province=OK, **NOT_THEIRS)),
    "apply": ("POST", "batch", only("d2001", **NOT_THEIRS)),
}


def _exchange_names(patterns, namespace=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _exchange_names(p.url_patterns, p.namespace or namespace)
        elif isinstance(p, URLPattern) and p.name and namespace == "exchange":
            yield p.name


def test_every_exchange_url_has_an_access_rule():
    assert sorted(set(_exchange_names(get_resolver().url_patterns))) == sorted(RULES)


@pytest.fixture
def world(round_, users):
    outsiders = factories.outsiders()
    wb = template(round_, users["d2001"])
    fill(wb["2001 เมืองชลบุรี"], "2001", "I1", level=3)
    batch = services.import_check(
        round_=round_, user=users["d2001"], data=xlsx_bytes(wb), name="2001.xlsx"
    )
    assert batch.can_apply
    targets = {
        "round": {"round_id": round_.pk},
        "template": {"round_id": round_.pk, "fmt": "xlsx"},
        "export": {"round_id": round_.pk, "fmt": "json"},
        "batch": {"batch_id": batch.pk},
    }
    return {**users, **outsiders}, targets


@pytest.mark.parametrize("name", sorted(RULES))
def test_each_role_gets_what_the_rules_say(name, world, client):
    users, targets = world
    method, target, expected = RULES[name]
    url = reverse(f"exchange:{name}", kwargs=targets[target])
    got = {}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(users[role])
        # each request is undone so that every role meets the same state
        with transaction.atomic():
            response = client.get(url) if method == "GET" else client.post(url, {})
            got[role] = _classify(response)
            transaction.set_rollback(True)
    assert got == expected
