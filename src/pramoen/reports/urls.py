from django.urls import path

from . import views

urlpatterns = [
    path("rounds/<int:round_id>/dashboard/", views.province_dashboard, name="dashboard"),
    path("rounds/<int:round_id>/results.csv", views.round_csv, name="round_csv"),
    path("rounds/<int:round_id>/reports/", views.job_create, name="report_job_create"),
    path(
        "rounds/<int:round_id>/d/<code:district>/report/",
        views.district_report,
        name="district_report",
    ),
    path(
        "rounds/<int:round_id>/d/<code:district>/report.<str:fmt>",
        views.district_report_file,
        name="district_report_file",
    ),
    path("reports/<int:job_id>/", views.job_page, name="report_job"),
    path("reports/<int:job_id>/download/", views.job_download, name="report_job_download"),
]
