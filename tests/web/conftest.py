"""A real province (Chonburi), the real FY2568 round-1 summary imported and opened, and one
user per role, as the demo has them."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from pramoen.accounts import services as accounts_services
from pramoen.web import bootstrap

DOC = Path(__file__).parent.parent / "fixtures" / "kpi-2568-1.txt"

# username -> (role, unit)
ROLES = {
    "province": ("province", {}),
    "viewer": ("viewer", {}),
    "wg-coordination": ("work_group", {"work_group": "coordination"}),  # owns T1, I5
    "wg-strategy": ("work_group", {"work_group": "strategy"}),  # owns T2
    "wg-promotion": ("work_group", {"work_group": "promotion"}),  # owns I1 I2a I2b I6 I7
    "wg-information": ("work_group", {"work_group": "information"}),  # owns I3a I3b I4
    "d2001": ("district", {"district": "2001"}),
    "d2002": ("district", {"district": "2002"}),
    "d2005": ("district", {"district": "2005"}),
}


@pytest.fixture(autouse=True)
def _fast_hashing_and_private_media(settings, tmp_path):
    # Argon2 stays the configured hasher (tests/web/test_security.py checks it); tests only
    # need users, not slow hashes.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def province(db):
    return accounts_services.province_setup()


@pytest.fixture
def round_(province):
    return bootstrap.import_document(
        province=province, path=DOC, accept_errors_reason="ทดสอบด้วยเอกสารจริง", open_round=True
    )


@pytest.fixture
def users(province):
    return {
        name: accounts_services.user_create(
            username=name, role=role, province=province, password="pw-" + name, **unit
        )[0]
        for name, (role, unit) in ROLES.items()
    }


@pytest.fixture
def client_for(users):
    def make(name: str | None) -> Client:
        client = Client()
        if name is not None:
            client.force_login(users[name])
        return client

    return make
