"""A work group's queue: the results waiting for it (and those it may still withdraw), verify,
return, withdraw one result, or a batch of them. Every rule is the services'; a refusal is
403 (not the owning work group), 409 (the state or a stale version) or 422 (the input)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from pramoen.evaluation import permissions as rules
from pramoen.evaluation import services
from pramoen.evaluation.access import get_verifiable_result_for_user
from pramoen.evaluation.errors import (
    BatchRefused,
    ConflictError,
    InvalidInput,
    NotAllowed,
    ServiceError,
)
from pramoen.evaluation.models import Result, ResultStatus
from pramoen.evaluation.selectors import work_group_queue, work_group_withdrawable

from .. import output
from ..access import get_round_for_user, member
from ..errors import ApiError, from_service
from ..schemas import BatchIn, ReasonIn, VerificationOut, VerifyIn
from . import Id, responses

router = Router(tags=["verification"])


def _out(r: Result) -> dict[str, Any]:
    status_th, status_en = output._labels(ResultStatus, r.status)
    assert r.district is not None  # the queue holds districts' results only
    return {
        "result_id": r.pk,
        "indicator": r.indicator.code,
        "district": output.district(r.district),
        "status": r.status,
        "status_th": status_th,
        "status_en": status_en,
        "version": r.version,
        "value": None if r.value is None else output.number(r.value),
        "met": sorted(r.met),
        "note": r.note,
        "self_level": output.rounded(r.self_level),
        "verified_level": output.rounded(r.verified_level),
        "verification_comment": r.verification_comment,
        "return_reason": r.return_reason,
    }


def _reread(result: Result) -> dict[str, Any]:
    fresh = Result.objects.select_related("indicator", "district").get(pk=result.pk)
    return _out(fresh)


@router.get(
    "/rounds/{round_id}/verifications",
    response=responses(list[VerificationOut]),
    operation_id="verification_queue",
    url_name="verification_queue",
    summary="The caller's work group queue: results waiting for it, then those it verified "
    "and may still withdraw (until the province approves)",
)
def verification_queue(request: HttpRequest, round_id: Id) -> Any:
    round_ = get_round_for_user(request, round_id)
    m = member(request)
    if not rules.can_view_queue(m, round_):
        raise PermissionDenied
    return [_out(r) for r in [*work_group_queue(round_, m), *work_group_withdrawable(round_, m)]]


@router.post(
    "/results/{result_id}/verify",
    response=responses(VerificationOut, 400, 409),
    operation_id="result_verify",
    url_name="result_verify",
    summary="Verify a submitted result at a level (a comment when it differs from the district's)",
)
def result_verify(request: HttpRequest, result_id: Id, payload: VerifyIn) -> Any:
    result = get_verifiable_result_for_user(request, result_id)
    services.result_verify(
        result=result,
        user=request.user,
        level=payload.level,
        comment=payload.comment,
        version=payload.version,
    )
    return _reread(result)


@router.post(
    "/results/{result_id}/return",
    response=responses(VerificationOut, 400, 409),
    operation_id="result_return",
    url_name="result_return",
    summary="Send a result back to the district with a reason",
)
def result_return(request: HttpRequest, result_id: Id, payload: ReasonIn) -> Any:
    result = get_verifiable_result_for_user(request, result_id)
    services.result_return(
        result=result, user=request.user, reason=payload.reason, version=payload.version
    )
    return _reread(result)


@router.post(
    "/results/{result_id}/withdraw",
    response=responses(VerificationOut, 400, 409),
    operation_id="result_withdraw",
    url_name="result_withdraw",
    summary="Withdraw the work group's own verification, with a reason, until the province "
    "approves: the result waits for verification again",
)
def result_withdraw(request: HttpRequest, result_id: Id, payload: ReasonIn) -> Any:
    result = get_verifiable_result_for_user(request, result_id)
    services.result_withdraw(
        result=result, user=request.user, reason=payload.reason, version=payload.version
    )
    return _reread(result)


def _code(exc: ServiceError) -> str:
    if isinstance(exc, NotAllowed):
        return "forbidden"
    if isinstance(exc, InvalidInput):
        return "validation"
    if isinstance(exc, ConflictError):
        return "conflict"
    return "workflow"


@router.post(
    "/rounds/{round_id}/verifications",
    response=responses(list[VerificationOut], 400, 409),
    operation_id="verifications_batch",
    url_name="verifications_batch",
    summary="Verify several results (each at its level) or return them with one reason: all "
    "or none; every refused item is listed in `errors` (field `items.<n>.<field>`)",
)
def verifications_batch(request: HttpRequest, round_id: Id, payload: BatchIn) -> Any:
    round_ = get_round_for_user(request, round_id)
    if not rules.can_view_queue(member(request), round_):
        raise PermissionDenied
    results = []
    for item in payload.items:
        result = get_verifiable_result_for_user(request, item.result_id)
        if result.indicator.round_id != round_.pk:
            raise Http404
        results.append(result)
    index = {r.pk: n for n, r in enumerate(results)}
    try:
        if payload.action == "verify":
            missing = [n for n, item in enumerate(payload.items) if item.level is None]
            if missing:
                raise services.batch_refused(
                    {
                        results[n].pk: InvalidInput(_("ต้องระบุระดับที่ยืนยัน"), field="level")
                        for n in missing
                    }
                )
            services.results_verify(
                items=[
                    services.VerifyItem(r, item.version, item.level, item.comment)
                    for r, item in zip(results, payload.items, strict=True)
                    if item.level is not None  # every one (checked above)
                ],
                user=request.user,
            )
        else:
            services.results_return(
                items=[(r, item.version) for r, item in zip(results, payload.items, strict=True)],
                user=request.user,
                reason=payload.reason,
            )
    except BatchRefused as exc:
        errors = []
        for pk, refusal in exc.refused.items():
            th, en = from_service(_code(refusal), refusal)
            name = getattr(refusal, "field", "") or (
                "version" if isinstance(refusal, ConflictError) else "result_id"
            )
            errors.append(
                {
                    "field": f"items.{index[pk]}.{name}",
                    "type": refusal.code or _code(refusal),
                    "message_th": th,
                    "message_en": en,
                }
            )
        first = next(iter(exc.refused.values()))
        raise ApiError(
            _code(first),
            texts=from_service(_code(first), exc),
            field=errors[0]["field"],
            errors=errors,
        ) from None
    return [_reread(r) for r in results]
