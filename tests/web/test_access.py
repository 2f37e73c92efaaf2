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
from pramoen.notifications.models import Notification
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


def people_rule(**overrides):
    """The user page: the province office (its own province's people); no one else sees it."""
    table = {r: HIDDEN for r in ROLES}
    table.update({"anonymous": LOGIN, "province": OK, "other-province": OK})
    table.update({k.replace("_", "-"): v for k, v in overrides.items()})
    return table


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
    "round_next": ("POST", "round", only("province")),
    "round_evidence": ("POST", "round", only("province")),
    "round_agreement": ("GET", "agreement", only("province")),
    "round_edit": ("GET", "round", only("province")),
    "round_edit_check": ("POST", "round", only("province")),
    "round_edit_add": ("POST", "round", only("province")),
    "round_edit_indicator": ("POST", "shared", only("province")),
    "round_edit_remove": ("POST", "shared", only("province")),
    "indicator_entry": ("POST", "shared", only("province")),
    "queue": ("GET", "round", only("wg-coordination", wg_strategy=OK)),
    "queue_decide": ("POST", "round", only("wg-coordination", wg_strategy=OK)),
    "shared_result_save": ("POST", "shared", only("wg-coordination")),
    "result_verify": ("POST", "result", only("wg-coordination")),
    "result_return": ("POST", "result", only("wg-coordination")),
    "result_withdraw": ("POST", "result", only("wg-coordination")),
    "evaluation": ("GET", "evaluation", members(d2002=HIDDEN)),
    "evaluation_history": ("GET", "evaluation", members(d2002=HIDDEN)),
    # personnel results: not the work groups' (as the summary)
    "appraisal": (
        "GET",
        "evaluation",
        members(d2002=HIDDEN, wg_coordination=DENIED, wg_strategy=DENIED),
    ),
    "appraisal_step": (
        "POST",
        "evaluation",
        only("province", d2002=HIDDEN),
        {"action": "rate", "version": "0"},
    ),
    "appraisal_setup": ("GET", "round", only("province")),
    "appraisal_summary": (
        "GET",
        "round",
        members(d2001=DENIED, d2002=DENIED, wg_coordination=DENIED, wg_strategy=DENIED),
    ),
    "appraisal_summary_file": (
        "GET",
        "round_file",
        members(d2001=DENIED, d2002=DENIED, wg_coordination=DENIED, wg_strategy=DENIED),
    ),
    "appraisal_file": (
        "GET",
        "report_file",
        members(d2002=HIDDEN, wg_coordination=DENIED, wg_strategy=DENIED),
    ),
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
    # the fiscal year: the province's table as a round's overview, a district's as its page
    "year": ("GET", "year", members(d2001=DENIED, d2002=DENIED)),
    "year_file": ("GET", "year_file", members(d2001=DENIED, d2002=DENIED)),
    "year_district": ("GET", "year_district", members(d2002=HIDDEN)),
    # people: the province office manages its own; the department reads every province's
    "people": ("GET", "none", people_rule(department=OK)),
    "person_add": ("GET", "none", people_rule()),
    "person_edit": ("GET", "person", people_rule(other_province=HIDDEN)),
    "person_action": ("POST", "person_action", people_rule(other_province=HIDDEN)),
    # one's own password: anyone signed in; a forgotten one: anyone at all
    "password_change": ("GET", "none", {**{r: OK for r in ROLES}, "anonymous": LOGIN}),
    "password_change_done": ("GET", "none", {**{r: OK for r in ROLES}, "anonymous": LOGIN}),
    "password_reset": ("GET", "none", EVERYONE),
    "password_reset_done": ("GET", "none", EVERYONE),
    "password_reset_confirm": ("GET", "reset_link", EVERYONE),
    "password_reset_complete": ("GET", "none", EVERYONE),
    "round_deadlines": ("GET", "round", only("province")),
    # one's own inbox: anyone signed in (a notification of someone else's is a 404)
    "inbox": ("GET", "none", {**{r: OK for r in ROLES}, "anonymous": LOGIN}),
    "inbox_read_all": ("POST", "none", {**{r: OK for r in ROLES}, "anonymous": LOGIN}),
    "inbox_preference": ("POST", "none", {**{r: OK for r in ROLES}, "anonymous": LOGIN}),
    "notification_open": (
        "POST",
        "notification",
        {**{r: HIDDEN for r in ROLES}, "anonymous": LOGIN, "wg-coordination": OK},
    ),
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
        "round_file": {"round_id": round_.pk, "fmt": "xlsx"},
        "year": {"fiscal_year": round_.fiscal_year},
        "year_file": {"fiscal_year": round_.fiscal_year, "fmt": "xlsx"},
        "year_district": {"fiscal_year": round_.fiscal_year, "district": "2001"},
        "person": {"user_id": users["d2001"].pk},
        "person_action": {"user_id": users["d2001"].pk, "action": "unlock"},
        "reset_link": {"uidb64": "MQ", "token": "set-password"},
        "notification": {
            "notification_id": Notification.objects.filter(recipient=users["wg-coordination"])
            .first()
            .pk
        },
    }
    return users, targets


def _classify(response) -> object:
    if response.status_code in (403, 404):
        return response.status_code
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return LOGIN
    # through the door: served, or refused for the input (422) or the state (409), not for who
    assert response.status_code in (200, 302, 409, 422), response.status_code
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
