from django.urls import path

from .views import (
    department,
    documents,
    evaluations,
    evidence,
    results,
    round_edit,
    round_next,
    rounds,
    verification,
    year,
)

urlpatterns = [
    path("", rounds.home, name="home"),
    path("rounds/", rounds.round_list, name="round_list"),
    path("department/", department.department, name="department"),
    path("rounds/import/", rounds.round_import, name="round_import"),
    path("rounds/<int:round_id>/", rounds.round_detail, name="round_detail"),
    path("rounds/<int:round_id>/settings/", rounds.round_settings, name="round_settings"),
    path("rounds/<int:round_id>/status/", rounds.round_status, name="round_status"),
    path("rounds/<int:round_id>/next/", round_next.round_next, name="round_next"),
    path("rounds/<int:round_id>/evidence/", rounds.round_evidence, name="round_evidence"),
    path(
        "rounds/<int:round_id>/agreement.<str:fmt>",
        documents.round_agreement,
        name="round_agreement",
    ),
    path("rounds/<int:round_id>/edit/", round_edit.round_edit, name="round_edit"),
    path("rounds/<int:round_id>/edit/check/", round_edit.round_edit_check, name="round_edit_check"),
    path(
        "rounds/<int:round_id>/edit/indicators/", round_edit.round_edit_add, name="round_edit_add"
    ),
    path(
        "rounds/<int:round_id>/edit/indicators/<code:code>/",
        round_edit.round_edit_indicator,
        name="round_edit_indicator",
    ),
    path(
        "rounds/<int:round_id>/edit/indicators/<code:code>/remove/",
        round_edit.round_edit_remove,
        name="round_edit_remove",
    ),
    path(
        "rounds/<int:round_id>/indicators/<code:code>/entry/",
        rounds.indicator_entry,
        name="indicator_entry",
    ),
    path("rounds/<int:round_id>/queue/", verification.queue, name="queue"),
    path("rounds/<int:round_id>/queue/decide/", verification.queue_decide, name="queue_decide"),
    path(
        "rounds/<int:round_id>/shared/<code:code>/",
        verification.shared_result_save,
        name="shared_result_save",
    ),
    path("results/<int:result_id>/verify/", verification.result_verify, name="result_verify"),
    path("results/<int:result_id>/return/", verification.result_return, name="result_return"),
    path(
        "results/<int:result_id>/withdraw/",
        verification.result_withdraw,
        name="result_withdraw",
    ),
    path(
        "rounds/<int:round_id>/d/<code:district>/",
        evaluations.evaluation_page,
        name="evaluation",
    ),
    path(
        "rounds/<int:round_id>/d/<code:district>/history/",
        evaluations.evaluation_history,
        name="evaluation_history",
    ),
    path(
        "rounds/<int:round_id>/d/<code:district>/submit/",
        evaluations.evaluation_submit,
        name="evaluation_submit",
    ),
    path(
        "rounds/<int:round_id>/d/<code:district>/decide/",
        evaluations.evaluation_decide,
        name="evaluation_decide",
    ),
    path(
        "rounds/<int:round_id>/d/<code:district>/i/<code:code>/",
        results.result_save,
        name="result_save",
    ),
    path(
        "rounds/<int:round_id>/d/<code:district>/i/<code:code>/preview/",
        results.result_preview,
        name="result_preview",
    ),
    path(
        "rounds/<int:round_id>/d/<code:district>/i/<code:code>/evidence/",
        evidence.evidence_upload,
        name="evidence_upload",
    ),
    path(
        "rounds/<int:round_id>/d/<code:district>/evidence/<int:evidence_id>/remove/",
        evidence.evidence_remove,
        name="evidence_remove",
    ),
    path("evidence/<int:evidence_id>/", evidence.evidence_download, name="evidence_download"),
    path("years/<int:fiscal_year>/", year.year_page, name="year"),
    path("years/<int:fiscal_year>/table.<str:fmt>", year.year_file, name="year_file"),
    path("years/<int:fiscal_year>/d/<code:district>/", year.year_district, name="year_district"),
]
