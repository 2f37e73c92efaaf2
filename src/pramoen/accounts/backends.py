"""The login backend: Django's ModelBackend, whose user comes with their membership.

Every signed-in page needs both (the header names the person's unit, the language middleware
reads their choice, every permission asks the role), so ``get_user`` reads them in one query,
the membership with the unit it names (``MEMBERSHIP_UNITS``); ``membership_of`` then finds it
on the user and asks nothing more.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from .models import MEMBERSHIP_UNITS


class MembershipBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        users = get_user_model()._default_manager.select_related(
            *(f"membership__{unit}" for unit in MEMBERSHIP_UNITS)
        )
        try:
            user = users.get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None and username is not None and password is not None:
            # settings lists ModelBackend after this one only for the sessions it logged in
            # before (Django resolves a session by the backend that logged it in): it would
            # check the same password again, a second hash for every failed login. Stopping
            # here ends the login as a None from every backend would (user_login_failed,
            # which axes counts).
            raise PermissionDenied
        return user
