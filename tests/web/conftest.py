"""A real province (Chonburi), the real FY2568 round-1 summary imported and opened, and one
user per role, as the demo has them (built by pramoen.testing.factories)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from pramoen.accounts.services import province_setup
from pramoen.testing import factories

DOC = Path(__file__).parent.parent / "fixtures" / "kpi-2568-1.txt"


@pytest.fixture(autouse=True)
def _fast_hashing_and_private_media(settings, tmp_path):
    # Argon2 stays the configured hasher (tests/web/test_security.py checks it); tests only
    # need users, not slow hashes.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def province(db):
    return province_setup()


@pytest.fixture
def round_(province):
    return factories.round_opened(province=province, document=DOC)


@pytest.fixture
def users(province):
    return factories.people(province=province)  # password "pw-<username>"


@pytest.fixture
def client_for(users):
    def make(name: str | None) -> Client:
        client = Client()
        if name is not None:
            client.force_login(users[name])
        return client

    return make
