"""What is wrong with an uploaded results file: one problem per cell, row or sheet, or a file
that cannot be read at all."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""  # the column letter, as Excel shows it (CSV opened in Excel too)
    field: str = ""  # the column's key

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "field": self.field,
            "code": self.code,
            "message": self.message,
        }


class UnreadableFile(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


class FileTooLarge(UnreadableFile):
    """Over one of the bounds in ``bounds``: refused before it is parsed, and not kept."""
