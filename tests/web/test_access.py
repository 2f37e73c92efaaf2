"""Every URL × every role: who may see and change what.

The rules are a table keyed by URL name and the table must cover every named URL of the
project, so a new view without a rule fails here.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from pramoen.evaluation import services
from pramoen.evaluation.models import Indicator, Result
from pramoen.evaluation.services import ResultInput
from pramoen.reports.jobs import job_start
from pramoen.testing import factories

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "d2001",
    "d2002",
    "wg-coordination",
    "wg-strategy",
    "province",
    "viewer",
    "other-province",
    "department",
]
OK, DENIED, HIDDEN, LOGIN = "ok", 403, 404, "login"


def members(**overrides):
    """Everyone of the province may; anonymous users go to the login page."""
    table = {r: OK for r in ROLES}
    # the department reads its own summary only, never a province's pages
    table.update({"anonymous": LOGIN, "other-province": HIDDEN, "department": DENIED})
    table.update({k.replace("_", "-"): v for k, v in overrides.items()})
    return table


def only(role, **overrides):
    """Only ``role`` may; other members are refused (or do not see it at all)."""
    table = members(**overrides)
    for r in ROLES:
        if r not in ("anonymous", "other-province", "department", role) and (
            r.replace("-", "_") not in overrides
        ):
            table[r] = DENIED
    return table


EVERYONE = {r: OK for r in ROLES}

# name -> (method, what the URL needs, expected per role)
RULES = {
    "login": ("GET", "none", EVERYONE),
    "logout": ("POST", "none", {r: LOGIN for r in ROLES}),  # back to the login page
    "set_language": ("POST", "none", EVERYONE),
    "healthz": ("GET", "none", EVERYONE),
    # pramoen bench's greeting (not served in production): anyone signed in
    "bench_hello": ("GET", "none", members(other_province=OK, department=OK)),
    "home": ("GET", "none", members(other_province=OK, department=OK)),  # to their start page
    "department": (
        "GET",
        "none",
        {**{r: DENIED for r in ROLES}, "anonymous": LOGIN, "department": OK},
    ),
    "round_list": ("GET", "none", members(other_province=OK)),
    "round_import": ("GET", "none", only("province", other_province=OK)),
    "round_detail": ("GET", "round", members(d2001=DENIED, d2002=DENIED)),
    "round_settings": ("POST", "round", only("province")),
    "round_status": ("POST", "round", only("province")),
    "round_agreement": ("GET", "agreement", only("province")),
    "indicator_entry": ("POST", "shared", only("province")),
    "queue": ("GET", "round", only("wg-coordination", wg_strategy=OK)),
    "shared_result_save": ("POST", "shared", only("wg-coordination")),
    "result_verify": ("POST", "result", only("wg-coordination")),
    "result_return": ("POST", "result", only("wg-coordination")),
    "evaluation": ("GET", "evaluation", members(d2002=HIDDEN)),
    "evaluation_submit": ("POST", "evaluation", only("d2001", d2002=HIDDEN)),
    "evaluation_decide": ("POST", "evaluation", only("province", d2002=HIDDEN)),
    "result_save": ("POST", "indicator", only("d2001", d2002=HIDDEN)),
    "result_preview": ("POST", "indicator", only("d2001", d2002=HIDDEN)),
    "evidence_upload": ("POST", "indicator", only("d2001", d2002=HIDDEN)),
    "evidence_remove": ("POST", "evidence_remove", only("d2001", d2002=HIDDEN)),
    "evidence_download": ("GET", "evidence", members(d2002=HIDDEN)),
    # reports: province-wide figures are not for district officers
    "dashboard": ("GET", "round", members(d2001=DENIED, d2002=DENIED)),
    "round_csv": ("GET", "round", members(d2001=DENIED, d2002=DENIED)),
    "report_job_create": ("POST", "round", members(d2001=DENIED, d2002=DENIED), {"fmt": "xlsx"}),
    "report_job": ("GET", "job", members(d2001=DENIED, d2002=DENIED)),
    "report_job_download": ("GET", "job", members(d2001=DENIED, d2002=DENIED)),
    "district_report": ("GET", "evaluation", members(d2002=HIDDEN)),
    "district_report_file": ("GET", "report_file", members(d2002=HIDDEN)),
}


# Namespaces whose own matrix (every URL × every role) lives beside their code's tests:
# "api" in tests/api/, "exchange" in tests/exchange/.
OWN_MATRICES = {"api", "exchange"}


def _names(patterns, namespace=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _names(p.url_patterns, p.namespace or namespace)
        elif isinstance(p, URLPattern) and p.name and namespace not in OWN_MATRICES:
            yield p.name


def test_every_url_has_an_access_rule():
    assert sorted(set(_names(get_resolver().url_patterns))) == sorted(RULES)


@pytest.fixture
def world(round_, users, province, client_for, settings):
    settings.PRAMOEN_REPORT_JOBS_INLINE = True
    ev = factories.results_entered(
        round_=round_,
        user=users["d2001"],
        entries={
            "I1": ResultInput(met=frozenset({1})),
            "I2a": ResultInput(value=Decimal(4)),
            "I3a": ResultInput(met=frozenset({1})),
            "I4": ResultInput(met=frozenset({1})),
            "I5": ResultInput(value=Decimal(12)),
            "I6": ResultInput(met=frozenset({1})),
        },
    )
    evidence = services.evidence_add_file(
        evaluation=ev,
        indicator=Indicator.objects.get(round=round_, code="I5"),
        user=users["d2001"],
        upload=SimpleUploadedFile("proof.pdf", b"%PDF-1.4 x"),
        max_bytes=10_000,
    )
    factories.evaluation_submitted(round_=round_, user=users["d2001"])
    result = Result.objects.get(indicator__round=round_, indicator__code="I5", district=ev.district)
    users = {**users, **factories.outsiders()}
    targets = {
        "none": {},
        "round": {"round_id": round_.pk},
        "agreement": {"round_id": round_.pk, "fmt": "docx"},
        "shared": {"round_id": round_.pk, "code": "T1"},
        "result": {"result_id": result.pk},
        "evaluation": {"round_id": round_.pk, "district": "2001"},
        "indicator": {"round_id": round_.pk, "district": "2001", "code": "I5"},
        "evidence_remove": {"round_id": round_.pk, "district": "2001", "evidence_id": evidence.pk},
        "evidence": {"evidence_id": evidence.pk},
        "job": {"job_id": job_start(round_=round_, fmt="xlsx", user=users["province"]).pk},
        "report_file": {"round_id": round_.pk, "district": "2001", "fmt": "xlsx"},
    }
    return users, targets


def _classify(response) -> object:
    if response.status_code in (403, 404):
        return response.status_code
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return LOGIN
    assert response.status_code in (200, 302, 422), response.status_code
    return OK


@pytest.mark.parametrize("name", sorted(RULES))
def test_each_role_gets_what_the_rules_say(name, world, client):
    users, targets = world
    method, target, expected, *data = RULES[name]
    payload = data[0] if data else {"version": "0"}
    url = reverse(name, kwargs=targets[target])
    got = {}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(users[role])
        # each request is undone so that every role meets the same state
        with transaction.atomic():
            response = client.get(url) if method == "GET" else client.post(url, payload)
            got[role] = _classify(response)
            transaction.set_rollback(True)
    assert got == expected
