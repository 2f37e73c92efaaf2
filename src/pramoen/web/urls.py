from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from pramoen.accounts.language import language_set
from pramoen.evaluation.limits import CodeConverter

from .views import healthz

register_converter(CodeConverter, "code")

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", language_set, name="set_language"),
    path("healthz/", healthz, name="healthz"),
    path("api/", include(("pramoen.api.urls", "api"), namespace="api")),
    path("", include("pramoen.exchange.urls", namespace="exchange")),
    path("", include("pramoen.reports.urls")),
    path("", include("pramoen.evaluation.urls")),
    path("", include("pramoen.accounts.urls")),
    path("", include("pramoen.notifications.urls")),
    path("", include("pramoen.appraisal.urls")),
]

# The benchmark's trivial page (pramoen bench, hello_ms) exists for measuring only: a
# production instance does not serve it.
if not settings.PRODUCTION:
    urlpatterns.insert(0, path("bench/", include("pramoen.bench.urls")))
