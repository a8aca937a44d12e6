"""Reading a table at a snapshot and replacing some of its partitions in one Iceberg commit, with the
optimistic concurrency of libs/iceberg's commitWithRetry: a commit that finds the partitions changed since the
snapshot it read fails validation, and the job recomputes against the new state (never a lost update)."""

from __future__ import annotations

import random
import time
import uuid
from dataclasses import dataclass
from typing import Callable

from pyspark.errors import AnalysisException
from pyspark.sql import Column, DataFrame, SparkSession

from datamaster_spark.errors import CommitRetriesExhaustedError, LakeTableMissingError

# Marks our snapshot, so the commit is found by what it is, not by being the latest.
WRITE_ID_PROPERTY = "datamaster.write-id"
MAX_COMMIT_ATTEMPTS = 5
_RETRY_BASE_SECONDS = 0.2
# Iceberg's answers when another writer changed what this commit was computed from.
_CONFLICTS = (
    "org.apache.iceberg.exceptions.ValidationException",
    "org.apache.iceberg.exceptions.CommitFailedException",
)


@dataclass(frozen=True)
class Commit:
    snapshot_id: int
    metadata_location: str
    rows: int
    files: int
    bytes: int


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
    return spark.table(name) if snapshot_id is None else spark.sql(f"SELECT * FROM {name} VERSION AS OF {snapshot_id}")


def overwrite(frame: DataFrame, name: str, where: Column, base: int | None) -> Commit:
    """Replaces the rows matching ``where`` (whole partitions) with ``frame`` in one snapshot; a partition left
    without rows ends up empty. Fails with Iceberg's ValidationException if data matching ``where`` changed
    after ``base``."""
    write_id = str(uuid.uuid4())
    writer = (
        frame.writeTo(name)
        .option(f"snapshot-property.{WRITE_ID_PROPERTY}", write_id)
        .option("isolation-level", "serializable")
        # Spark infers most SQL results as nullable; a null that reaches a required column still fails the write.
        .option("check-nullability", "false")
    )
    if base is not None:
        writer = writer.option("validate-from-snapshot-id", str(base))
    writer.overwrite(where)
    return _commit_of(frame.sparkSession, name, write_id)


def commit_with_retry(
    spark: SparkSession, name: str, attempt: Callable[[int | None], Commit], max_attempts: int = MAX_COMMIT_ATTEMPTS
) -> Commit:
    """Runs ``attempt`` against the table's current snapshot; on a conflict, again against the new one."""
    conflict: Exception | None = None
    for number in range(1, max_attempts + 1):
        try:
            return attempt(current_snapshot(spark, name))
        except Exception as error:
            if not any(marker in str(error) for marker in _CONFLICTS):
                raise
            conflict = error
            if number < max_attempts:
                # Racing writers spread out: doubled per attempt, with jitter.
                time.sleep(_RETRY_BASE_SECONDS * 2 ** (number - 1) * (0.5 + random.random()))
    raise CommitRetriesExhaustedError(name, max_attempts, conflict)


def _commit_of(spark: SparkSession, name: str, write_id: str) -> Commit:
    # The first metadata file naming our snapshot as current is the one our commit wrote.
    [commit] = spark.sql(
        f"""SELECT s.snapshot_id, s.summary, m.file
            FROM {name}.snapshots s JOIN {name}.metadata_log_entries m ON m.latest_snapshot_id = s.snapshot_id
            WHERE s.summary['{WRITE_ID_PROPERTY}'] = '{write_id}'
            ORDER BY m.timestamp LIMIT 1"""
    ).collect()
    summary = commit.summary
    return Commit(
        snapshot_id=commit.snapshot_id,
        metadata_location=commit.file,
        rows=int(summary.get("added-records", 0)),
        files=int(summary.get("added-data-files", 0)),
        bytes=int(summary.get("added-files-size", 0)),
    )
