"""The bench's own pages, mounted under /bench/ by pramoen.web.urls outside production."""

from __future__ import annotations

from django.urls import path

from .views import hello

urlpatterns = [
    path("hello/", hello, name="bench_hello"),
]
