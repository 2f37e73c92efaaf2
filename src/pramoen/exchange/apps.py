from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "pramoen.exchange"
    label = "exchange"
    verbose_name = "นำเข้าและส่งออกข้อมูล"
