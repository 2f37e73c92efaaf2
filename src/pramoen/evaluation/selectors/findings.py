"""What the checker found in a round's document when it was imported, and who took the
document as it was: the round page and the dashboard show it, so a known fault in the
document (weights that do not add up, a district that is not the province's) is never silent.

The findings are stored on the round at import (``services.rounds.scorecard_import``); the
reason an import with errors was accepted is its ``round_imported`` history event's."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..history_text import actor_name
from ..models import HistoryEvent, Round


@dataclass(frozen=True)
class RoundFindings:
    errors: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    importer: str = ""  # who imported it, by name (the operator when the ``pramoen`` command)
    imported_at: datetime | None = None
    reason: str = ""  # why a document with errors was taken as it is

    def __bool__(self) -> bool:
        return bool(self.errors or self.warnings)


def round_findings(round_: Round) -> RoundFindings:
    stored = [f for f in round_.findings if isinstance(f, dict)]
    imported = (
        HistoryEvent.objects.filter(round=round_, action="round_imported")
        .order_by("-at", "-id")
        .values_list("reason", flat=True)
        .first()
    )
    return RoundFindings(
        errors=[f for f in stored if f.get("severity") == "error"],
        warnings=[f for f in stored if f.get("severity") != "error"],
        importer=actor_name(round_.imported_by),
        imported_at=round_.imported_at,
        reason=imported or "",
    )
