"""The cluster tests talk HTTP to a running cluster (scripts/cluster.sh, `make test-cluster`):
marked ``cluster``, skipped unless PRAMOEN_CLUSTER_URL names one. They use no test database:
the cluster's own, loaded with the demo, is the one every server shares."""

from __future__ import annotations

import os

import pytest

from .client import Cluster

HERE = os.path.dirname(__file__)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skip = pytest.mark.skip(reason="no cluster: run scripts/cluster.sh (make test-cluster)")
    for item in items:
        if str(item.path).startswith(HERE):
            item.add_marker(pytest.mark.cluster)
            if not os.environ.get("PRAMOEN_CLUSTER_URL"):
                item.add_marker(skip)


@pytest.fixture(scope="session")
def cluster() -> Cluster:
    return Cluster.from_env()
