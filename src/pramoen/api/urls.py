from django.urls import URLPattern

# Filled in by the API module (pramoen.api.routes); mounted at /api/ under the namespace "api".
urlpatterns: list[URLPattern] = []
