from __future__ import annotations

from pathlib import Path

import pytest

from pramoen.core import Scorecard, officialdoc

FIXTURES = Path(__file__).parent / "fixtures"
FY2568 = FIXTURES / "kpi-2568-1.txt"


@pytest.fixture(scope="session")
def fy2568_text() -> str:
    return FY2568.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def fy2568(fy2568_text: str) -> Scorecard:
    return officialdoc.parse(fy2568_text)
