"""Work for the tables built from a committed one (libs/lakehouse/src/work/downstream-work.ts): one ledger
record per downstream table naming the snapshot and the partitions to recompute, and the union of the
partitions a job's records ask for.

The embedded engine registers this work just before its commit lands; Iceberg Java picks the snapshot id while
committing, so the Spark jobs register it just after. Either way it precedes succeeding the job's own records:
a job that dies in between leaves them running, their lease expires, and the retry registers the work again."""

from __future__ import annotations

import json

from datamaster_spark.jobs.iceberg_io import Commit
from datamaster_spark.jobs.partitions import Partition, partition_of, partitions_json, union_partitions
from datamaster_spark.ledger import ControlLedger, LedgerRecord
from datamaster_spark.manifest import LakeManifest, LakeTable

PARTITIONS_ATTRIBUTE = "partitions"


def register_downstream_work(
    ledger: ControlLedger, manifest: LakeManifest, table: LakeTable, commit: Commit, partitions: list[Partition]
) -> list[str]:
    """Registers the work; returns the refs of the tables handed it."""
    # A partition with a null value holds tombstones only; nothing downstream reads it.
    live = [p for p in partitions if all(v is not None for v in p.values())]
    if not live:
        return []
    targets = manifest.downstream(table)
    for target in targets:
        ledger.register(
            layer=target.layer,
            table=target.name,
            # One record per target table: the ledger's record id derives from (layer, objectKey, etag).
            objectKey=f"{target.layer}/{target.name}/inputs/{table.ref}@{commit.snapshot_id}",
            etag=str(commit.snapshot_id),
            objectSize=commit.bytes,
            format="iceberg",
            source=table.ref,
            estimatedRecords=commit.rows,
            attributes={PARTITIONS_ATTRIBUTE: partitions_json(live)},
        )
    return [t.ref for t in targets]


def requested_partitions(records: list[LedgerRecord]) -> list[Partition]:
    """The union of the partitions a set of work records asks to recompute."""
    groups = [
        [partition_of(p, tuple(p)) for p in json.loads(r["attributes"][PARTITIONS_ATTRIBUTE])]
        for r in records
        if PARTITIONS_ATTRIBUTE in r.get("attributes", {})
    ]
    return union_partitions(*groups)
