from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "pramoen.accounts"
    label = "accounts"
    verbose_name = "บัญชีผู้ใช้และหน่วยงาน"
