from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "pramoen.reports"
    label = "reports"
    verbose_name = "รายงาน"
