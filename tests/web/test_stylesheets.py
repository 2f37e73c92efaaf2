"""The stylesheets are well formed: every block closed, no @media opened inside another block.

A lost brace is no error to a browser: it reads every later rule as nested in the unclosed
@media, so a desktop silently loses them (app.css once showed the result card's "unsaved"
mark on every card at 1280 px, the rule hiding it applying to phones only)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import pramoen

STATIC = Path(pramoen.__file__).parent / "static" / "pramoen"
SHEETS = sorted(STATIC.glob("*.css"))


def _problems(text: str) -> list[str]:
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)  # comments
    text = re.sub(r'"(?:\\.|[^"\\])*"' + r"|'(?:\\.|[^'\\])*'", '""', text)  # strings
    depth, problems = 0, []
    for match in re.finditer(r"@media\b|[{}]", text):
        line = text.count("\n", 0, match.start()) + 1
        token = match.group()
        if token == "@media" and depth:
            problems.append(f"line {line}: @media inside an unclosed block")
        elif token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth < 0:
                problems.append(f"line {line}: a brace closes nothing")
                depth = 0
    if depth:
        problems.append(f"{depth} block(s) never closed")
    return problems


def test_there_are_stylesheets():
    assert {p.name for p in SHEETS} >= {"app.css", "report.css"}


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda p: p.name)
def test_every_block_is_closed(sheet):
    assert _problems(sheet.read_text(encoding="utf-8")) == []


def test_an_unclosed_media_block_is_found():
    assert _problems("@media (max-width: 640px) {\n  a { b: c; }\n.x { d: e; }\n") == [
        "1 block(s) never closed"
    ]
    assert _problems("@media x {\n a { b: c; }\n@media y { .z { d: e; } }\n") == [
        "line 3: @media inside an unclosed block",
        "1 block(s) never closed",
    ]
