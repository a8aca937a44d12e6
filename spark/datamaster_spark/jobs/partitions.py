"""Partitions as the embedded engine names them: an object of the partition columns' values in partitionBy
order (``{"review_year": 2024, "review_month": 1}``; ``{}`` for an unpartitioned table), values integers or
null. Here: the Spark predicate selecting exactly a set of them, and their JSON for the commit summary."""

from __future__ import annotations

import json
from typing import Optional

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F

Partition = dict[str, Optional[int]]


def partition_of(values: dict[str, object], columns: tuple[str, ...]) -> Partition:
    """A row's (or a JSON object's) partition, with integer values as the TypeScript side's Number()."""
    return {c: None if values.get(c) is None else int(values[c]) for c in columns}  # type: ignore[call-overload]


def distinct_partitions(frame: DataFrame, columns: tuple[str, ...]) -> list[Partition]:
    """The distinct partitions of a frame that has the partition columns, in a stable order (nulls last)."""
    if not columns:
        return [{}]
    rows = frame.select(*columns).distinct().collect()
    return sort_partitions([partition_of(row.asDict(), columns) for row in rows])


def sort_partitions(partitions: list[Partition]) -> list[Partition]:
    # The embedded engine lists them in DuckDB's DISTINCT order (unspecified); any fixed order will do.
    return sorted(partitions, key=lambda p: [(v is None, v or 0) for v in p.values()])


def live_partitions(partitions: list[Partition]) -> list[Partition]:
    """Those a downstream table must recompute: a partition with a null value holds tombstones only, which nothing
    downstream reads (registerDownstreamWork's filter)."""
    return [p for p in partitions if all(v is not None for v in p.values())]


def partition_predicate(columns: tuple[str, ...], partitions: list[Partition]) -> Column:
    """True for the rows of exactly these partitions (null values included): a predicate Iceberg evaluates on
    identity partition values, so an overwrite with it replaces those partitions' files, and nothing else.

    Grouped by the leading columns, the last column as IN, so hundreds of months stay a shallow expression.
    """
    if not columns:
        return F.lit(bool(partitions))
    if not partitions:
        return F.lit(False)
    return _predicate(columns, [tuple(p[c] for c in columns) for p in partitions])


def _predicate(columns: tuple[str, ...], values: list[tuple[int | None, ...]]) -> Column:
    column = F.col(columns[0])
    if len(columns) == 1:
        present = sorted({v[0] for v in values if v[0] is not None})
        terms = ([column.isin(present)] if present else []) + (
            [column.isNull()] if any(v[0] is None for v in values) else []
        )
        return _any(terms)
    groups: dict[int | None, list[tuple[int | None, ...]]] = {}
    for value in values:
        groups.setdefault(value[0], []).append(value[1:])
    terms = [
        (column.isNull() if head is None else column == F.lit(head)) & _predicate(columns[1:], rest)
        for head, rest in groups.items()
    ]
    return _any(terms)


def _any(terms: list[Column]) -> Column:
    """OR of the terms as a balanced tree (a long left-deep chain would nest as deep as it is long)."""
    if len(terms) == 1:
        return terms[0]
    middle = len(terms) // 2
    return _any(terms[:middle]) | _any(terms[middle:])


def partitions_json(partitions: list[Partition]) -> str:
    """``JSON.stringify`` of the partitions: no spaces, keys in partitionBy order, non-ASCII as it is."""
    return json.dumps(partitions, separators=(",", ":"), ensure_ascii=False)
