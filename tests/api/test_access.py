"""Every URL of the "api" namespace × every role, with the web app's rules.

The table is keyed by URL name and must cover every named URL of the namespace (ninja names each
operation's URL after its operation id), so a new endpoint without a rule fails here.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from pramoen.api.routes import api
from pramoen.api.services import token_create
from pramoen.evaluation.models import Indicator, Result
from pramoen.evaluation.services import ResultInput
from pramoen.exchange import services as exchange
from pramoen.testing import factories
from tests.web.conftest import DOC

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
OK, UNAUTHORIZED, DENIED, HIDDEN, LOGIN = "ok", 401, 403, 404, "login"


def members(**overrides):
    """Everyone of the province may; anonymous callers get 401, another province 404."""
    table = {r: OK for r in ROLES}
    # the department has no province: the API is a province's, so it is refused throughout
    table.update({"anonymous": UNAUTHORIZED, "other-province": HIDDEN, "department": DENIED})
    table.update({k.replace("_", "-"): v for k, v in overrides.items()})
    return table


def only(role, *, others=DENIED, **overrides):
    """Only ``role`` may; other members of the province are refused (or do not see it)."""
    table = members(**overrides)
    for r in ROLES:
        if r not in ("anonymous", "other-province", "department", role) and (
            r.replace("-", "_") not in overrides
        ):
            table[r] = others
    return table


EVERYONE = {r: OK for r in ROLES}

# name -> (method, what the URL needs, expected per role, body)
RULES = {
    # the schema and its docs are public; the root and anything unknown are a JSON 404
    "openapi-json": ("GET", "none", EVERYONE, None),
    "openapi-view": ("GET", "none", EVERYONE, None),
    "api-root": ("GET", "none", {r: HIDDEN for r in ROLES}, None),
    # the web page where members manage their own tokens
    "tokens": ("GET", "none", {**EVERYONE, "anonymous": LOGIN, "department": DENIED}, None),
    "token_revoke": (
        "POST",
        "token",
        {**{r: HIDDEN for r in ROLES}, "anonymous": LOGIN, "d2001": OK},
        None,
    ),
    # the caller's own province
    "districts_list": ("GET", "none", members(other_province=OK), None),
    "work_groups_list": ("GET", "none", members(other_province=OK), None),
    "rounds_list": ("GET", "none", members(other_province=OK), None),
    "round_get": ("GET", "round", members(), None),
    "round_scorecard": ("GET", "round", members(), None),
    "round_evaluations": ("GET", "round", members(), None),  # a district sees only its own
    # province-wide figures are not for district officers (as the dashboard)
    "round_scores": ("GET", "round", members(d2001=DENIED, d2002=DENIED), None),
    "evaluation_get": ("GET", "evaluation", members(d2002=HIDDEN), None),
    "evaluation_results": ("GET", "evaluation", members(d2002=HIDDEN), None),
    "evaluation_scores": ("GET", "evaluation", members(d2002=HIDDEN), None),
    "result_get": ("GET", "indicator", members(d2002=HIDDEN), None),
    "result_update": ("PUT", "indicator", only("d2001", d2002=HIDDEN), "result"),
    "evidence_upload": ("POST", "indicator", only("d2001", d2002=HIDDEN), "file"),
    "document_check": ("POST", "none", members(other_province=OK), "document"),
    "document_check_upload": ("POST", "none", members(other_province=OK), "document_file"),
    # bulk exchange: templates for those who enter or verify, whole-round exports for those
    # who may see every district; a batch is its uploader's (the province office reads all)
    "round_template": ("GET", "round", members(viewer=DENIED), None),
    "round_export": ("GET", "round", members(d2001=DENIED, d2002=DENIED), None),
    "import_check": ("POST", "round", members(viewer=DENIED), "import_file"),
    "import_get": ("GET", "batch", only("wg-coordination", province=OK, others=HIDDEN), None),
    # the province reads every batch but writes no results: applying one is refused
    "import_apply": (
        "POST",
        "batch",
        only("wg-coordination", province=DENIED, others=HIDDEN),
        None,
    ),
    # verification: the work group owning I5's data source (wg-strategy has a queue, not I5)
    "verification_queue": ("GET", "round", only("wg-coordination", wg_strategy=OK), None),
    "result_verify": ("POST", "submitted", only("wg-coordination"), "verify"),
    "result_return": ("POST", "submitted", only("wg-coordination"), "return"),
    "result_withdraw": ("POST", "verified", only("wg-coordination"), "withdraw"),
    "verifications_batch": ("POST", "batch_round", only("wg-coordination"), "batch"),
    # the appraisal: read as the evaluation but not by the work groups (personnel results, as
    # the summary); rated by the province, acknowledged by the officer
    "appraisal_get": (
        "GET",
        "evaluation",
        members(d2002=HIDDEN, wg_coordination=DENIED, wg_strategy=DENIED),
        None,
    ),
    "appraisal_rate": ("PUT", "approved", only("province", d2002=HIDDEN), "rating"),
    "appraisal_acknowledge": ("POST", "rated", only("d2001", d2002=HIDDEN), "acknowledge"),
    # the evaluator's other steps: not signed (with a witness), the supervisor's comment, reopen
    "appraisal_not_signed": ("POST", "rated", only("province", d2002=HIDDEN), "not_signed"),
    "appraisal_supervisor": (
        "POST",
        "acknowledged",
        only("province", d2002=HIDDEN),
        "supervisor",
    ),
    "appraisal_reopen": ("POST", "rated", only("province", d2002=HIDDEN), "reopen"),
    # the fiscal year, as its pages: the province's table not for districts, a district's
    "year_get": ("GET", "year", members(d2001=DENIED, d2002=DENIED), None),
    "year_district_get": ("GET", "year_district", members(d2002=HIDDEN), None),
}


def _api_names(patterns, namespace=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _api_names(p.url_patterns, p.namespace or namespace)
        elif isinstance(p, URLPattern) and p.name and namespace == "api":
            yield p.name


def test_every_api_url_has_an_access_rule():
    assert sorted(set(_api_names(get_resolver().url_patterns))) == sorted(RULES)


def test_every_operation_of_the_schema_has_a_rule_and_needs_a_token():
    schema = api.get_openapi_schema()
    operations = [op for methods in schema["paths"].values() for op in methods.values()]
    assert len(operations) == 33
    assert {op["operationId"] for op in operations} <= set(RULES)
    assert all(op["security"] == [{"TokenAuth": []}] for op in operations)


@pytest.fixture
def world(round_, users, province):
    users = {**users, **factories.outsiders()}
    ev = factories.results_entered(
        round_=round_, user=users["d2001"], entries={"I5": ResultInput(value=Decimal(12))}
    )
    i5 = Indicator.objects.get(round=round_, code="I5")
    version = Result.objects.get(indicator=i5, district=ev.district).version
    tokens = {name: token_create(user=users[name], name="matrix")[1] for name in ROLES[1:]}
    revocable, _secret = token_create(user=users["d2001"], name="to revoke")
    template = exchange.results_template(round_=round_, user=users["province"], fmt="csv")
    # the owning work group enters the province-wide T1: a batch with one change to apply
    t1 = b"round,district,indicator,level,value,note\n2568-1,,T1,,80,\n"
    batch = exchange.import_check(
        round_=round_, user=users["wg-coordination"], data=t1, name="t1.csv"
    )
    assert batch.status == "dry_run", batch.summary
    targets = {
        "none": {},
        "round": {"round_id": round_.pk},
        "evaluation": {"evaluation_id": ev.pk},
        "year": {"fiscal_year": round_.fiscal_year},
        "year_district": {"fiscal_year": round_.fiscal_year, "district": "2001"},
        "approved": lambda: {"evaluation_id": _approved(round_, users).pk},
        "rated": lambda: {"evaluation_id": _rated(round_, users).pk},
        "acknowledged": lambda: {"evaluation_id": _acknowledged(round_, users).pk},
        "indicator": {"evaluation_id": ev.pk, "code": "I5"},
        "token": {"token_id": revocable.pk},
        "batch": {"batch_id": batch.pk},
        # I5 submitted (or verified) when the rule asks for it, inside the undone request
        "submitted": lambda: {"result_id": _i5(round_, users, verified=False).pk},
        "verified": lambda: {"result_id": _i5(round_, users, verified=True).pk},
        "batch_round": lambda: {"round_id": _i5(round_, users, verified=False).indicator.round_id},
    }
    bodies = {
        "result": lambda: {
            "data": {"version": version, "value": "13.5", "note": "ตามทะเบียน"},
            "content_type": "application/json",
        },
        "file": lambda: {"data": {"file": SimpleUploadedFile("proof.pdf", b"%PDF-1.4 x")}},
        "document": lambda: {
            "data": {"text": DOC.read_text(encoding="utf-8")},
            "content_type": "application/json",
        },
        "document_file": lambda: {
            "data": {"document": SimpleUploadedFile("kpi.txt", DOC.read_bytes())}
        },
        "import_file": lambda: {
            "data": {"file": SimpleUploadedFile("template.csv", template.content)}
        },
        "verify": lambda: _json({"version": _i5_now().version, "level": 5}),
        "return": lambda: _json({"version": _i5_now().version, "reason": "ขาดหลักฐาน"}),
        "withdraw": lambda: _json({"version": _i5_now().version, "reason": "ยืนยันผิด"}),
        "rating": lambda: _json({"ratings": RATINGS, "version": 0}),
        "acknowledge": lambda: _json({"version": _appraisal_now().version}),
        "not_signed": lambda: _json({"witness": "นางสาวพยาน", "version": _appraisal_now().version}),
        "supervisor": lambda: _json({"name": "นายผู้ว่า", "version": _appraisal_now().version}),
        "reopen": lambda: _json({"reason": "ทบทวน", "version": _appraisal_now().version}),
        "batch": lambda: _json(
            {
                "action": "verify",
                "items": [{"result_id": _i5_now().pk, "version": _i5_now().version, "level": 5}],
            }
        ),
    }
    return users, tokens, targets, bodies


RATINGS = {"ACH": 3, "SERV": 4, "EXP": 2, "ING": 1, "TW": 3}


def _approved(round_, users):
    """2001's KPI evaluation approved: its appraisal may be rated."""
    from pramoen.evaluation import services

    factories.shared_results_entered(round_=round_, users=users)
    factories.results_entered(round_=round_, user=users["d2001"])
    factories.evaluation_submitted(round_=round_, user=users["d2001"])
    factories.results_verified(round_=round_, users=users, district="2001")
    ev = factories.evaluation_of(round_, "2001")
    services.evaluation_approve(evaluation=ev, user=users["province"], version=ev.version)
    return factories.evaluation_of(round_, "2001")


def _rated(round_, users):
    from pramoen.appraisal.services import appraisal_rate

    ev = _approved(round_, users)
    appraisal_rate(
        evaluation=ev, user=users["province"], ratings=RATINGS, comment="", plan=[], version=0
    )
    return ev


def _acknowledged(round_, users):
    from pramoen.appraisal.services import appraisal_acknowledge

    ev = _rated(round_, users)
    appraisal_acknowledge(evaluation=ev, user=users["d2001"], version=_appraisal_now().version)
    return ev


def _appraisal_now():
    from pramoen.appraisal.models import Appraisal

    return Appraisal.objects.get()


def _json(body):
    return {"data": body, "content_type": "application/json"}


def _i5_now():
    return Result.objects.get(indicator__code="I5", district__code="2001")


def _i5(round_, users, *, verified):
    """I5 of 2001 waiting for verification (the evaluation submitted), or verified."""
    from pramoen.evaluation import services

    if factories.evaluation_of(round_, "2001").status == "draft":
        factories.results_entered(round_=round_, user=users["d2001"])
        factories.evaluation_submitted(round_=round_, user=users["d2001"])
    r = _i5_now()
    if verified and r.status == "submitted":
        services.result_verify(
            result=r,
            user=users["wg-coordination"],
            level=r.self_level,
            comment="",
            version=r.version,
        )
    return _i5_now()


def _classify(response) -> object:
    if response.status_code in (401, 403, 404):
        if response.status_code in (403, 404) and response["Content-Type"].startswith("text/html"):
            return response.status_code  # the token web pages (not JSON)
        assert response.json()["code"] in {"unauthorized", "forbidden", "not-found"}
        return response.status_code
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return LOGIN
    assert response.status_code in (200, 201, 302), response.content[:500]
    return OK


@pytest.mark.parametrize("name", sorted(RULES))
def test_each_role_gets_what_the_rules_say(name, world):
    users, tokens, targets, bodies = world
    method, target, expected, body = RULES[name]
    got = {}
    for role in ROLES:
        if name in ("tokens", "token_revoke"):  # web pages: the session, not a token
            client = Client()
            if role != "anonymous":
                client.force_login(users[role])
        else:
            headers = {} if role == "anonymous" else {"Authorization": f"Bearer {tokens[role]}"}
            client = Client(headers=headers)
        # each request is undone so that every role meets the same state
        with transaction.atomic():
            where = targets[target]
            url = reverse(f"api:{name}", kwargs=where() if callable(where) else where)
            kwargs = bodies[body]() if body else {}
            response = getattr(client, method.lower())(url, **kwargs)
            got[role] = _classify(response)
            transaction.set_rollback(True)
    assert got == expected
