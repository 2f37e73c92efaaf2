from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "pramoen.notifications"
    label = "notifications"
    verbose_name = "การแจ้งเตือน"
