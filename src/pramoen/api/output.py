"""Models and core values as the API's JSON (see schemas.py for the shapes)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Choices
from django.utils.translation import gettext_lazy as _

from pramoen.accounts.models import District
from pramoen.core import ScoreReport, display
from pramoen.core import model as core
from pramoen.core.report import indicator_dict, number, score_dict
from pramoen.core.scoring import DistrictScore
from pramoen.evaluation.models import (
    Evaluation,
    EvaluationStatus,
    Evidence,
    Indicator,
    Result,
    ResultStatus,
    Round,
    RoundStatus,
)
from pramoen.evaluation.selectors import bands_of, core_indicator, shares_of

from .errors import both

EMPTY = _("ยังไม่บันทึก")


def _labels(choices: type[Choices], value: str) -> tuple[str, str]:
    return both(choices(value).label)


def rounded(value: Decimal | None) -> int | float | None:
    return None if value is None else number(display(value))


def district(d: District) -> dict[str, Any]:
    return {"code": d.code, "name_th": d.name_th, "name_en": d.name_en}


def round_(r: Round) -> dict[str, Any]:
    status_th, status_en = _labels(RoundStatus, r.status)
    return {
        "id": r.pk,
        "code": r.code,
        "fiscal_year": r.fiscal_year,
        "number": r.number,
        "period_start": r.period_start,
        "period_end": r.period_end,
        "position": r.position,
        "status": r.status,
        "status_th": status_th,
        "status_en": status_en,
        "team_share": number(r.team_share),
        "individual_share": number(r.individual_share),
        "shares_default": r.shares_default,
        "interpolate": r.interpolate,
        "bands": [
            {"minimum": number(b.minimum), "label_th": b.label_th, "label_en": b.label_en}
            for b in bands_of(r)
        ],
    }


def round_indicator(indicator: Indicator, scorecard: core.Scorecard) -> dict[str, Any]:
    ci = core_indicator(indicator)
    return {
        **indicator_dict(ci, scorecard),
        "work_group": indicator.work_group.code,
        "shared": indicator.shared,
        "measures": list(ci.measures),
    }


def evaluation(e: Evaluation) -> dict[str, Any]:
    status_th, status_en = _labels(EvaluationStatus, e.status)
    return {
        "id": e.pk,
        "round_id": e.round_id,
        "district": district(e.district),
        "status": e.status,
        "status_th": status_th,
        "status_en": status_en,
        "version": e.version,
        "submitted_at": e.submitted_at,
        "approved_at": e.approved_at,
    }


def evidence(item: Evidence) -> dict[str, Any]:
    return {
        "id": item.pk,
        "name": item.original_name,
        "content_type": item.content_type,
        "size": item.size,
        "url": item.url,
        "uploaded_at": item.uploaded_at,
    }


def result(indicator: Indicator, r: Result | None, items: list[Evidence]) -> dict[str, Any]:
    """One indicator's result as the district sees it; ``r`` is None when nothing is saved."""
    out: dict[str, Any] = {
        "indicator": indicator.code,
        "group": indicator.group,
        "kind": indicator.kind,
        "shared": indicator.shared,
        "evidence": [evidence(e) for e in items],
    }
    if r is None:
        status_th, status_en = both(EMPTY)
        return {
            **out,
            "status": "empty",
            "status_th": status_th,
            "status_en": status_en,
            "version": 0,
            "value": None,
            "values": {},
            "met": [],
            "note": "",
            "self_level": None,
            "verified_level": None,
            "verification_comment": "",
            "return_reason": "",
            "updated_at": None,
        }
    status_th, status_en = _labels(ResultStatus, r.status)
    return {
        **out,
        "status": r.status,
        "status_th": status_th,
        "status_en": status_en,
        "version": r.version,
        "value": None if r.value is None else number(r.value),
        "values": {measure: number(Decimal(v)) for measure, v in r.values.items()},
        "met": sorted(r.met),
        "note": r.note,
        "self_level": rounded(r.self_level),
        "verified_level": rounded(r.verified_level),
        "verification_comment": r.verification_comment,
        "return_reason": r.return_reason,
        "updated_at": r.updated_at,
    }


def shares(r: Round) -> dict[str, Any]:
    s = shares_of(r)
    return {"team": number(s.team), "individual": number(s.individual), "default": s.default}


def district_score(r: Round, score: DistrictScore) -> dict[str, Any]:
    """One district's scores exactly as the core's JSON report writes them."""
    report = score_dict(ScoreReport(shares_of(r), (score,), ()))
    out: dict[str, Any] = report["districts"][0]
    return {k: out[k] for k in ("team", "individual", "achievement", "rating", "rating_en")}


def score_summary(score: DistrictScore) -> dict[str, Any]:
    return {
        "team": rounded(score.team.score),
        "individual": rounded(score.individual.score),
        "achievement": rounded(score.achievement),
        "rating": score.rating.label_th,
        "rating_en": score.rating.label_en,
    }
