from django.urls import path

from . import views_department, views_district, views_province, views_workgroup

urlpatterns = [
    path("", views_province.home, name="home"),
    path("rounds/", views_province.round_list, name="round_list"),
    path("department/", views_department.department, name="department"),
    path("rounds/import/", views_province.round_import, name="round_import"),
    path("rounds/<int:round_id>/", views_province.round_detail, name="round_detail"),
    path("rounds/<int:round_id>/settings/", views_province.round_settings, name="round_settings"),
    path("rounds/<int:round_id>/status/", views_province.round_status, name="round_status"),
    path(
        "rounds/<int:round_id>/indicators/<str:code>/entry/",
        views_province.indicator_entry,
        name="indicator_entry",
    ),
    path("rounds/<int:round_id>/queue/", views_workgroup.queue, name="queue"),
    path(
        "rounds/<int:round_id>/shared/<str:code>/",
        views_workgroup.shared_result_save,
        name="shared_result_save",
    ),
    path("results/<int:result_id>/verify/", views_workgroup.result_verify, name="result_verify"),
    path("results/<int:result_id>/return/", views_workgroup.result_return, name="result_return"),
    path(
        "rounds/<int:round_id>/d/<str:district>/",
        views_district.evaluation_page,
        name="evaluation",
    ),
    path(
        "rounds/<int:round_id>/d/<str:district>/submit/",
        views_district.evaluation_submit,
        name="evaluation_submit",
    ),
    path(
        "rounds/<int:round_id>/d/<str:district>/decide/",
        views_province.evaluation_decide,
        name="evaluation_decide",
    ),
    path(
        "rounds/<int:round_id>/d/<str:district>/i/<str:code>/",
        views_district.result_save,
        name="result_save",
    ),
    path(
        "rounds/<int:round_id>/d/<str:district>/i/<str:code>/preview/",
        views_district.result_preview,
        name="result_preview",
    ),
    path(
        "rounds/<int:round_id>/d/<str:district>/i/<str:code>/evidence/",
        views_district.evidence_upload,
        name="evidence_upload",
    ),
    path(
        "rounds/<int:round_id>/d/<str:district>/evidence/<int:evidence_id>/remove/",
        views_district.evidence_remove,
        name="evidence_remove",
    ),
    path("evidence/<int:evidence_id>/", views_district.evidence_download, name="evidence_download"),
]
