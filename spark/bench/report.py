"""Printing helpers: aligned tables, numbers, ratios and checks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def seconds(value: float) -> str:
    return f"{value:.2f}"


def mib(value: float) -> str:
    return f"{value:,.0f}"


def integer(value: float) -> str:
    return f"{round(value):,}"


def ratio(a: float, b: float) -> str:
    return "-" if b == 0 else f"{a / b:.2f}"


def print_table(header: Sequence[str], body: Sequence[Sequence[str]], text_columns: Sequence[int] = ()) -> None:
    """Numbers right-aligned; the first column, and the text columns named, left-aligned."""
    lines = [list(header), *[list(row) for row in body]]
    widths = [max(len(row[i]) if i < len(row) else 0 for row in lines) for i in range(len(header))]

    def align(cell: str, i: int) -> str:
        return cell.ljust(widths[i]) if i == 0 or i in text_columns else cell.rjust(widths[i])

    for row in lines:
        print("  " + "  ".join(align(cell, i) for i, cell in enumerate(row)).rstrip())


def print_checks(checks: Sequence[Check]) -> None:
    for check in checks:
        print(f"  {'ok    ' if check.ok else 'FAILED'} {check.name} — {check.detail}")
