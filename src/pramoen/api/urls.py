"""/api/: the token page of the web app, then the JSON API (django-ninja) and its docs."""

from django.urls import URLPattern, URLResolver, path, re_path
from django.views.generic import RedirectView

from . import views
from .errors import not_allowed_as_json, unknown_path
from .routes import api


def _api_patterns() -> list[URLPattern | URLResolver]:
    # ninja's own patterns, spliced into this namespace so that they reverse as "api:…"; the
    # root (which ninja answers with an HTML 404) becomes our JSON 404 under the same name.
    patterns, _app_name, _namespace = api.urls
    out: list[URLPattern | URLResolver] = []
    for p in patterns:
        if isinstance(p, URLPattern) and p.name == "api-root":
            out.append(path("", unknown_path, name="api-root"))
        elif isinstance(p, URLPattern):
            view = not_allowed_as_json(p.callback)
            out.append(URLPattern(p.pattern, view, p.default_args, p.name))
        else:
            out.append(p)
    return out


urlpatterns: list[URLPattern | URLResolver] = [
    path("tokens/", views.token_list, name="tokens"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke_view, name="token_revoke"),
    # the catch-all below would otherwise answer before CommonMiddleware's APPEND_SLASH
    path("tokens", RedirectView.as_view(pattern_name="api:tokens")),
    *_api_patterns(),
    re_path(r"^.+$", unknown_path),  # not an endpoint: a JSON 404 for any other path
]
