from django.urls import path

from . import views

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/read/", views.inbox_read_all, name="inbox_read_all"),
    path("inbox/mail/", views.inbox_preference, name="inbox_preference"),
    path("inbox/<int:notification_id>/", views.notification_open, name="notification_open"),
    path("rounds/<int:round_id>/deadlines/", views.round_deadlines, name="round_deadlines"),
]
