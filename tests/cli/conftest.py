from tests.web.conftest import (  # noqa: F401 - shared fixtures
    _fast_hashing_and_private_media,
    province,
    round_,
    users,
)
