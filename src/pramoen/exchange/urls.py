from django.urls import path

from . import views

app_name = "exchange"
urlpatterns = [
    path("rounds/<int:round_id>/exchange/", views.round_page, name="round"),
    path(
        "rounds/<int:round_id>/exchange/template.<str:fmt>",
        views.template_download,
        name="template",
    ),
    path("rounds/<int:round_id>/exchange/import/", views.import_upload, name="import"),
    path("rounds/<int:round_id>/export.<str:fmt>", views.round_export, name="export"),
    path("exchange/imports/<int:batch_id>/", views.batch_page, name="batch"),
    path("exchange/imports/<int:batch_id>/apply/", views.batch_apply, name="apply"),
    path("exchange/imports/<int:batch_id>/file/", views.batch_file, name="batch_file"),
]
