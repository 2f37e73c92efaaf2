"""The project's exceptions.

Hierarchy::

    PramoenError
    ├── DocumentError   a KPI summary cannot be read (empty, binary, no indicators, bad row)
    ├── DistrictListError  a district list CSV cannot be read
    ├── ResultsError    a results file has invalid rows (every bad row is listed)
    └── ScoringError    scoring was asked for something impossible (bad shares, bad bands)
"""

from __future__ import annotations

from dataclasses import dataclass


class PramoenError(Exception):
    """Base class of every error Pramoen raises on purpose."""


class DocumentError(PramoenError):
    """The input cannot be read as an official KPI summary.

    ``line`` is the 1-based line of the document where the problem was found, when known.
    """

    def __init__(self, message: str, *, line: int | None = None) -> None:
        self.message = message
        self.line = line
        super().__init__(f"บรรทัด {line}: {message}" if line is not None else message)


class DistrictListError(PramoenError):
    """A district list CSV is malformed."""


@dataclass(frozen=True, slots=True)
class RowError:
    """One invalid row of a tabular input: its 1-based row number (header = 1) and why."""

    row: int
    reason: str

    def __str__(self) -> str:
        return f"แถว {self.row}: {self.reason}"


class ResultsError(PramoenError):
    """A results file has one or more invalid rows; ``errors`` lists every one of them."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


class ScoringError(PramoenError):
    """Scoring parameters are invalid (shares outside 0–1, bands out of order, …)."""
