"""The ``pramoen`` command: one module per kind of command, each registering its own."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from . import agreement, data, documents, people, server
from .base import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK

__all__ = ["EXIT_BAD_INPUT", "EXIT_FINDINGS", "EXIT_OK", "build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pramoen", description="Pramoen (ประเมิน): ระบบประเมินผลการปฏิบัติราชการ"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for module in (documents, agreement, server, people, data):
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    code: int = args.func(args)
    return code
