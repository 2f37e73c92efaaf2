from __future__ import annotations

import pytest
from django.test import Client

from pramoen.api.services import token_create
from tests.web.conftest import (  # noqa: F401 - shared fixtures
    _fast_hashing_and_private_media,
    client_for,
    province,
    round_,
    users,
)


@pytest.fixture
def token_for(users):  # noqa: F811 - the fixture imported above
    """A fresh API token of one of the role users (by user name)."""

    def make(name: str) -> str:
        return token_create(user=users[name], name=f"tests of {name}")[1]

    return make


@pytest.fixture
def api_for(token_for):
    """A test client calling the API as a role user with a token, or anonymously (None)."""

    def make(name: str | None) -> Client:
        if name is None:
            return Client()
        return Client(headers={"Authorization": f"Bearer {token_for(name)}"})

    return make
