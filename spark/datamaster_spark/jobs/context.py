"""What every job needs and what it reports: the shapes of libs/lakehouse/src/engine/context.ts."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable

from pyspark.sql import SparkSession

from datamaster_spark.jobs.iceberg_io import Commit
from datamaster_spark.ledger import ControlLedger
from datamaster_spark.manifest import LakeManifest, lake_manifest

# The embedded engine's defaults (DEFAULT_LEASE_MS, DEFAULT_MAX_RECORDS_PER_RUN).
DEFAULT_LEASE_MS = 15 * 60_000
DEFAULT_MAX_RECORDS_PER_RUN = 5000
# What the ledger records as the engine that ran the work (the embedded engine writes "embedded").
COMPUTE_TARGET = "spark"


@dataclass(frozen=True)
class JobRequest:
    """The arguments the processing state machine passes (--layer, --table, --execution-id)."""

    layer: str
    table: str
    execution_id: str

    @property
    def ref(self) -> str:
        return f"{self.layer}.{self.table}"


@dataclass(frozen=True)
class Lake:
    """Where bronze object keys resolve: ``file:///<home>/lake`` locally, ``s3://<bronze bucket>`` on AWS. Silver
    and gold are in the session's catalog ``datamaster``."""

    bronze_root: str

    def bronze_location(self, object_key: str) -> str:
        return f"{self.bronze_root.rstrip('/')}/{object_key}"


@dataclass
class JobContext:
    # Started on first use: a job with nothing to do answers from the ledger alone, without a JVM.
    session: Callable[[], SparkSession]
    lake: Lake
    ledger: ControlLedger
    manifest: LakeManifest = field(default_factory=lake_manifest)
    # A job that dies leaves its records to be recovered once the lease expires.
    lease_ms: int = DEFAULT_LEASE_MS
    max_records_per_run: int = DEFAULT_MAX_RECORDS_PER_RUN

    @cached_property
    def spark(self) -> SparkSession:
        return self.session()


@dataclass(frozen=True)
class JobResult:
    ref: str
    # "nothing-to-do" when no ledger work was due.
    status: str
    records: int
    rows_in: int
    rows_written: int
    files_added: int
    partitions_rewritten: int
    # Iceberg Java draws 63-bit ids; a string keeps them exact in JavaScript, which parses this line.
    snapshot_id: str | None
    downstream: list[str]
    duration_ms: int

    def to_json(self) -> str:
        """One line, in the field order and names of the TypeScript JobResult (no snapshotId when none)."""
        return json.dumps(self.to_shape(), separators=(",", ":"), ensure_ascii=False)

    def to_shape(self) -> dict[str, object]:
        """The TypeScript JobResult's fields and names, in its order (no snapshotId when none)."""
        shape = {
            "ref": self.ref,
            "status": self.status,
            "records": self.records,
            "rowsIn": self.rows_in,
            "rowsWritten": self.rows_written,
            "filesAdded": self.files_added,
            "partitionsRewritten": self.partitions_rewritten,
            "snapshotId": self.snapshot_id,
            "downstream": self.downstream,
            "durationMs": self.duration_ms,
        }
        return {k: v for k, v in shape.items() if v is not None}


def nothing_to_do(ref: str, duration_ms: int) -> JobResult:
    return JobResult(ref, "nothing-to-do", 0, 0, 0, 0, 0, None, [], duration_ms)


def committed(
    ref: str, records: int, rows_in: int, commit: Commit, partitions: int, downstream: list[str]
) -> JobResult:
    """A job that landed ``commit``; run_job measures its duration (the claim included)."""
    snapshot_id = str(commit.snapshot_id)
    return JobResult(
        ref, "committed", records, rows_in, commit.rows, commit.files, partitions, snapshot_id, downstream, 0
    )
