from tests.web.conftest import (  # noqa: F401 - shared fixtures
    _fast_hashing_and_private_media,
    client_for,
    province,
    round_,
    users,
)
