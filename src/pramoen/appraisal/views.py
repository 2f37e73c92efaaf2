"""The appraisal page of a district officer for a round, each step's form on it, and the
round's appraisal setup. Each step is the service's: the views only read the form and show
its answer (a refused rating shows again with what was typed)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pramoen.accounts.http import AuthenticatedHttpRequest
from pramoen.evaluation import limits, permissions
from pramoen.evaluation.access import (
    get_appraisal_evaluation_for_user,
    get_appraisals_round_for_user,
    get_managed_round_for_user,
    member,
)
from pramoen.evaluation.errors import ConflictError, InvalidInput, NotAllowed, ServiceError
from pramoen.reports.render import download

from . import services
from .models import AppraisalStatus, Method
from .selectors import appraisal_view, round_appraisals

PLAN_ROWS = 3
# the other steps' typed fields, shown again when the step is refused
STEP_FIELDS = ("witness", "supervisor_name", "supervisor_position", "supervisor_comment", "reason")


def _page(
    request: AuthenticatedHttpRequest,
    evaluation: Any,
    *,
    typed: dict[str, Any] | None = None,
    error: str = "",
    status: int = 200,
    steps: dict[str, str] | None = None,
) -> HttpResponse:
    view = appraisal_view(evaluation)
    m = member(request)
    appraisal = view.appraisal
    plan = list(typed["plan"] if typed else appraisal.plan)
    plan += [{"what": "", "how": "", "when": ""}] * max(0, PLAN_ROWS - len(plan))
    rows = [
        {
            "competency": c,
            "rated": (typed["ratings"] if typed else appraisal.ratings).get(c.code, ""),
            "saved": appraisal.ratings.get(c.code, ""),
            "points": next(
                (s.points for s in view.score.competencies if s.competency.code == c.code), None
            )
            if view.score
            else None,
        }
        for c in view.setup.core_competencies()
    ]
    context = {
        "view": view,
        "evaluation": evaluation,
        "round": evaluation.round,
        "appraisal": appraisal,
        "rows": rows,
        "plan": plan,
        "comment": typed["comment"] if typed else appraisal.evaluator_comment,
        "steps": steps or {},
        "unsaved": typed,  # a refused rating, shown apart when the form is not (a stale tab)
        "error": error,
        "levels": range(1, 6),
        "can_appraise": permissions.can_appraise(m, evaluation),
        "can_acknowledge": permissions.can_acknowledge_appraisal(m, evaluation),
        "rating_problems": services.rating_problems(evaluation=evaluation, user=request.user),
        "Status": AppraisalStatus,
        "is_scale": view.setup.method == Method.SCALE,
    }
    return render(request, "appraisal/appraisal.html", context, status=status)


@require_GET
@login_required
def appraisal_page(request: AuthenticatedHttpRequest, round_id: int, district: str) -> HttpResponse:
    return _page(request, get_appraisal_evaluation_for_user(request, round_id, district))


def _typed(post: Any, codes: list[str]) -> dict[str, Any]:
    return {
        "ratings": {c: post.get(f"rating-{c}", "") for c in codes if post.get(f"rating-{c}", "")},
        "comment": post.get("comment", ""),
        "plan": [
            {k: post.get(f"plan-{k}-{n}", "") for k in ("what", "how", "when")}
            for n in range(1, services.MAX_PLAN_ITEMS + 2)
            if any(post.get(f"plan-{k}-{n}") for k in ("what", "how", "when"))
        ],
    }


def _status(exc: ServiceError) -> int:
    """As the API answers the same refusal: bad input 422, not allowed 403, and a step that
    does not fit the appraisal's state or a stale version 409."""
    if isinstance(exc, NotAllowed):
        return 403
    return 422 if isinstance(exc, InvalidInput) else 409


@require_POST
@login_required
def appraisal_step(request: AuthenticatedHttpRequest, round_id: int, district: str) -> HttpResponse:
    evaluation = get_appraisal_evaluation_for_user(request, round_id, district)
    post = request.POST
    action = post.get("action", "")
    codes = [c.code for c in services.setup_of(evaluation.round).core_competencies()]
    typed = _typed(post, codes)
    try:
        version = limits.parse_version(post.get("version", "0"))
        if action == "rate":
            services.appraisal_rate(
                evaluation=evaluation,
                user=request.user,
                ratings=typed["ratings"],
                comment=typed["comment"],
                plan=typed["plan"],
                version=version,
            )
            messages.success(request, _("บันทึกการประเมินแล้ว รอผู้รับการประเมินลงนามรับทราบ"))
        elif action == "acknowledge":
            services.appraisal_acknowledge(
                evaluation=evaluation, user=request.user, version=version
            )
            messages.success(request, _("ลงนามรับทราบแล้ว"))
        elif action == "not-signed":
            services.appraisal_not_signed(
                evaluation=evaluation,
                user=request.user,
                witness=post.get("witness", ""),
                version=version,
            )
            messages.success(request, _("บันทึกการไม่ลงนามรับทราบพร้อมพยานแล้ว"))
        elif action == "supervisor":
            services.appraisal_supervisor(
                evaluation=evaluation,
                user=request.user,
                name=post.get("supervisor_name", ""),
                position=post.get("supervisor_position", ""),
                comment=post.get("supervisor_comment", ""),
                version=version,
            )
            messages.success(request, _("บันทึกความเห็นแล้ว แบบประเมินเสร็จสิ้น"))
        elif action == "reopen":
            services.appraisal_reopen(
                evaluation=evaluation,
                user=request.user,
                reason=post.get("reason", ""),
                version=version,
            )
            messages.success(request, _("เปิดแบบประเมินใหม่แล้ว"))
        else:
            return _page(request, evaluation, error=_("ไม่รู้จักคำสั่งนี้"), status=422)
    except ServiceError as exc:
        # shown again with what was typed, never lost
        return _page(
            request,
            evaluation,
            typed=typed if action == "rate" else None,
            error=exc.message,
            status=_status(exc),
            steps={k: post.get(k, "") for k in STEP_FIELDS},
        )
    return redirect("appraisal", round_id=round_id, district=district)


@require_http_methods(["GET", "POST"])
@login_required
def appraisal_setup(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    round_ = get_managed_round_for_user(request, round_id)
    setup = services.setup_of(round_)
    error, status, conflict = "", 200, False
    typed: dict[str, Any] = {}
    version = setup.version
    if request.method == "POST":
        post = request.POST
        rows = [  # every row the page shows (the set and two empty ones); a row without
            # its code and name is one cleared to take it out of the set
            {k: post.get(f"{k}-{n}", "") for k in ("code", "name_th", "name_en", "expected")}
            for n in range(1, limits.MAX_COMPETENCIES + 3)
            if post.get(f"code-{n}") or post.get(f"name_th-{n}")
        ]
        typed = {
            "method": post.get("method", ""),
            "weight_achievement": post.get("weight_achievement", ""),
            "weight_competency": post.get("weight_competency", ""),
            "competencies": rows,
        }
        try:
            version = limits.parse_version(post.get("version", "0"))
            services.setup_save(
                round_=round_,
                user=request.user,
                data=services.SetupInput(**typed, version=version),
            )
            messages.success(request, _("บันทึกการตั้งค่าการประเมินแล้ว"))
            return redirect("appraisal_setup", round_id=round_id)
        except ConflictError as exc:
            # the typed set stays in the form, the one saved meanwhile is shown beside it, and
            # the form now carries its version: saving again is a choice, made knowingly
            error, status, conflict = exc.message, 409, True
            setup = services.setup_of(round_)
            version = setup.version
        except ServiceError as exc:
            error, status = exc.message, _status(exc)
    competencies = typed.get("competencies") or setup.competencies
    context = {
        "round": round_,
        "setup": setup,
        "version": version,
        "conflict": conflict,
        "method": typed.get("method") or setup.method,
        "weight_achievement": typed.get("weight_achievement") or setup.weight_achievement,
        "weight_competency": typed.get("weight_competency") or setup.weight_competency,
        "competencies": list(competencies) + [{}] * 2,
        "methods": Method.choices,
        "error": error,
    }
    return render(request, "appraisal/setup.html", context, status=status)


@require_GET
@login_required
def appraisal_file(
    request: AuthenticatedHttpRequest, round_id: int, district: str, fmt: str
) -> HttpResponse:
    """The appraisal as the official A4 PDF (``?digits=thai`` for Thai digits) or a workbook,
    for whoever sees the evaluation; marked as a draft until it is final."""
    from pramoen.reports.appraisal import appraisal_pdf, appraisal_workbook

    if fmt not in ("pdf", "xlsx"):
        raise Http404
    evaluation = get_appraisal_evaluation_for_user(request, round_id, district)
    view = appraisal_view(evaluation)
    name = f"appraisal-{evaluation.round.code}-{evaluation.district.code}.{fmt}"
    if fmt == "pdf":
        data = appraisal_pdf(view, thai_digits=request.GET.get("digits") == "thai")
    else:
        data = appraisal_workbook(view)
    return download(data, name, fmt)


@require_GET
@login_required
def appraisal_summary(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    """Every district's appraisal for the screening committee: ranked by total, bands counted."""
    round_ = get_appraisals_round_for_user(request, round_id)
    return render(
        request,
        "appraisal/summary.html",
        {"round": round_, "summary": round_appraisals(round_), "Status": AppraisalStatus},
    )


@require_GET
@login_required
def appraisal_summary_file(
    request: AuthenticatedHttpRequest, round_id: int, fmt: str
) -> HttpResponse:
    """The committee's summary as an A4 PDF (``?digits=thai`` for Thai digits) or a workbook,
    for whoever may read the summary page."""
    from pramoen.reports.appraisal_summary import summary_pdf, summary_workbook

    round_ = get_appraisals_round_for_user(request, round_id)  # first, always
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    summary = round_appraisals(round_)
    if fmt == "pdf":
        data = summary_pdf(round_, summary, thai_digits=request.GET.get("digits") == "thai")
    else:
        data = summary_workbook(round_, summary)
    return download(data, f"appraisals-{round_.code}.{fmt}", fmt)
