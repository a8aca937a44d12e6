"""Reading a table at a snapshot and replacing some of its partitions in one Iceberg commit, exactly once per
work: the commit carries its work id in the snapshot summary, and a work id already in the table's history is
never merged again. Conflicts are handled with the optimistic concurrency of libs/iceberg's commitWithRetry: a
commit that finds the partitions changed since the snapshot it read fails validation, and the job recomputes
against the new state (never a lost update)."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from typing import Callable

from pyspark.errors import AnalysisException
from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F

from datamaster_spark.errors import CommitNotFoundError, CommitRetriesExhaustedError, LakeTableMissingError
from datamaster_spark.jobs.snapshot_schema import columns_at

MAX_COMMIT_ATTEMPTS = 5
_RETRY_BASE_SECONDS = 0.2
# Iceberg's answers when another writer changed what this commit was computed from.
_CONFLICTS = (
    "org.apache.iceberg.exceptions.ValidationException",
    "org.apache.iceberg.exceptions.CommitFailedException",
)


@dataclass(frozen=True)
class Marker:
    """The snapshot summary property naming the work a commit consumed (``datamaster.work-id`` = the work id)."""

    name: str
    value: str


def current_snapshot(spark: SparkSession, name: str) -> int | None:
    """The snapshot the table's main branch points at; None for a table never written."""
    try:
        rows = spark.sql(f"SELECT snapshot_id FROM {name}.refs WHERE name = 'main'").collect()
    except AnalysisException as error:
        if "TABLE_OR_VIEW_NOT_FOUND" in str(error):
            raise LakeTableMissingError(name) from error
        raise
    return rows[0].snapshot_id if rows else None


def table_at(spark: SparkSession, name: str, snapshot_id: int | None) -> DataFrame:
    """The table's rows at a snapshot, under its current schema, as the embedded engine reads them: Iceberg's
    ``VERSION AS OF`` gives the schema the snapshot was written with, so after a schema change a renamed column would
    have its old name and an added one would be missing. Columns are matched by field id."""
    if snapshot_id is None:
        return spark.table(name)
    written = spark.sql(f"SELECT * FROM {name} VERSION AS OF {snapshot_id}")
    columns = columns_at(spark, name, snapshot_id)
    if columns is None:
        return written
    return written.select(
        *[(F.lit(None) if old is None else written[old]).cast(f.dataType).alias(f.name) for f, old in columns]
    )


def table_empty(spark: SparkSession, name: str) -> DataFrame:
    """The table's columns without rows: what a table never written holds."""
    return spark.table(name).where(F.lit(False))


def committed_snapshot(spark: SparkSession, name: str, marker: Marker) -> int | None:
    """The snapshot whose summary carries ``marker``, if any: the work is in the table already."""
    rows = (
        spark.table(f"{name}.snapshots")
        .where(F.col("summary")[marker.name] == F.lit(marker.value))
        .orderBy("committed_at")
        .select("snapshot_id")
        .limit(1)
        .collect()
    )
    return rows[0].snapshot_id if rows else None


def overwrite(frame: DataFrame, name: str, where: Column, base: int | None, summary: dict[str, str]) -> None:
    """Replaces the rows matching ``where`` (whole partitions) with ``frame`` in one snapshot carrying ``summary``;
    a partition left without rows ends up empty. Fails with Iceberg's ValidationException if data matching
    ``where`` changed after ``base``."""
    writer = (
        frame.writeTo(name)
        .option("isolation-level", "serializable")
        # Spark infers most SQL results as nullable; a null that reaches a required column still fails the write.
        .option("check-nullability", "false")
    )
    for key, value in summary.items():
        writer = writer.option(f"snapshot-property.{key}", value)
    if base is not None:
        writer = writer.option("validate-from-snapshot-id", str(base))
    writer.overwrite(where)


def commit_once(
    spark: SparkSession,
    name: str,
    marker: Marker,
    attempt: Callable[[int | None], None],
    max_attempts: int = MAX_COMMIT_ATTEMPTS,
) -> int:
    """Runs ``attempt`` (compute, then ``overwrite`` with ``marker`` in the summary) against the table's current
    snapshot; on a conflict, again against the new one. Returns the snapshot holding the work.

    Before each retry the history is searched for ``marker``: a commit that raised after landing (its outcome
    unknown to the writer) is found instead of merged a second time.
    """
    conflict: Exception | None = None
    for number in range(1, max_attempts + 1):
        if number > 1:
            landed = committed_snapshot(spark, name, marker)
            if landed is not None:
                return landed
        try:
            attempt(current_snapshot(spark, name))
        except Exception as error:
            if not any(text in str(error) for text in _CONFLICTS):
                raise
            conflict = error
            if number < max_attempts:
                # Racing writers spread out: doubled per attempt, with jitter.
                time.sleep(_RETRY_BASE_SECONDS * 2 ** (number - 1) * (0.5 + random.random()))
            continue
        committed = committed_snapshot(spark, name, marker)
        if committed is None:
            raise CommitNotFoundError(name, marker.name, marker.value)
        return committed
    raise CommitRetriesExhaustedError(name, max_attempts, conflict)
