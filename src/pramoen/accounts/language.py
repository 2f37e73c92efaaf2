"""The interface language: Thai unless the person chose English with the switch.

Thai offices often run an English-language Windows and Chrome, whose Accept-Language would
open the whole app in English, so the browser's wish is never asked. The choice is made with
the switch in the page header (``language_set``), kept on the person's membership so that it
follows them to any browser and survives logging out and in, and mirrored in Django's language
cookie for the pages before login (anonymous visitors have only the cookie).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views.i18n import set_language

from .models import membership_of
from .services import membership_language_set


def _supported(code: str | None) -> str | None:
    return code if code in dict(settings.LANGUAGES) else None


def _stored(request: HttpRequest) -> str | None:
    membership = membership_of(getattr(request, "user", None))
    return _supported(membership.language) if membership is not None else None


def request_language(request: HttpRequest) -> str:
    """The signed-in person's stored choice, else the language cookie, else Thai."""
    return (
        _stored(request)
        or _supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
        or settings.LANGUAGE_CODE
    )


def _set_cookie(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


class LanguageMiddleware:
    """Django's LocaleMiddleware without Accept-Language (and without URL prefixes, which
    Pramoen does not use). After AuthenticationMiddleware: it needs the user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        # At login (and after a choice made in another browser) the cookie takes the stored
        # choice, so the login page after logging out stays in the person's language.
        stored = _stored(request)
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if stored and stored != cookie and settings.LANGUAGE_COOKIE_NAME not in response.cookies:
            _set_cookie(response, stored)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


def language_set(request: HttpRequest) -> HttpResponse:
    """The header's switch: Django's set_language (cookie, safe redirect), and for a signed-in
    person the choice stored on their membership."""
    response = set_language(request)
    language = _supported(request.POST.get("language"))
    membership = membership_of(getattr(request, "user", None))
    if request.method == "POST" and language is not None and membership is not None:
        membership_language_set(membership=membership, language=language)
    return response
