from __future__ import annotations

import pytest

from pramoen.evaluation import services
from pramoen.testing import factories
from tests.api.conftest import api_for, token_for  # noqa: F401 - the API's clients
from tests.web.conftest import (  # noqa: F401 - shared fixtures
    _fast_hashing_and_private_media,
    client_for,
    province,
    round_,
    users,
)


@pytest.fixture
def approved(round_, users):  # noqa: F811 - the shared fixtures above
    """2001's KPI evaluation walked to approval (entries, submit, verification, approval)."""
    factories.shared_results_entered(round_=round_, users=users)
    factories.results_entered(round_=round_, user=users["d2001"])
    factories.evaluation_submitted(round_=round_, user=users["d2001"])
    factories.results_verified(round_=round_, users=users, district="2001")
    evaluation = factories.evaluation_of(round_, "2001")
    services.evaluation_approve(
        evaluation=evaluation, user=users["province"], version=evaluation.version
    )
    return factories.evaluation_of(round_, "2001")
