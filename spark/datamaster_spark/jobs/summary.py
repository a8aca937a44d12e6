"""What a job's commit says about itself in its snapshot summary (COMMIT_SUMMARY of
libs/lake-contract/src/processing/work.ts), which the SettleWork task reads back instead of asking the job."""

from __future__ import annotations

from datamaster_spark.contract import Contract
from datamaster_spark.jobs.iceberg_io import Marker
from datamaster_spark.jobs.partitions import Partition, live_partitions, partitions_json
from datamaster_spark.jobs.work_file import ProcessingWork

ENGINE = "spark"


def work_marker(contract: Contract, work: ProcessingWork) -> Marker:
    """The property a commit of this work carries, by which a rerun finds it."""
    return Marker(contract.commit_summary["workId"], work.work_id)


def commit_summary(
    contract: Contract, work: ProcessingWork, *, downstream: list[Partition], rewritten: int, rows_in: int
) -> dict[str, str]:
    """The snapshot properties of the commit of ``work``: ``downstream`` are the partitions the tables built from
    this one must recompute (tombstone-only partitions dropped)."""
    names = contract.commit_summary
    return {
        names["workId"]: work.work_id,
        names["downstreamPartitions"]: partitions_json(live_partitions(downstream)),
        names["partitionsRewritten"]: str(rewritten),
        names["rowsIn"]: str(rows_in),
        names["engine"]: ENGINE,
    }
