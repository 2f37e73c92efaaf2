from django.urls import path

from . import views

urlpatterns = [
    path(
        "rounds/<int:round_id>/d/<code:district>/appraisal/",
        views.appraisal_page,
        name="appraisal",
    ),
    path(
        "rounds/<int:round_id>/d/<code:district>/appraisal/step/",
        views.appraisal_step,
        name="appraisal_step",
    ),
    path(
        "rounds/<int:round_id>/d/<code:district>/appraisal.<str:fmt>",
        views.appraisal_file,
        name="appraisal_file",
    ),
    path("rounds/<int:round_id>/appraisal/setup/", views.appraisal_setup, name="appraisal_setup"),
    path("rounds/<int:round_id>/appraisals/", views.appraisal_summary, name="appraisal_summary"),
    path(
        "rounds/<int:round_id>/appraisals.<str:fmt>",
        views.appraisal_summary_file,
        name="appraisal_summary_file",
    ),
]
