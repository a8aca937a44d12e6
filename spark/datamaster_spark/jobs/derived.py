"""The job of a derived table, review_flat or gold (libs/lakehouse/src/derived/rebuild-derived-table.ts):
recompute exactly the partitions its ledger work names from the current upstream tables, with the table's
transform SQL, and replace those partitions in one commit. Re-running gives the same table, never duplicates."""

from __future__ import annotations

from functools import reduce
from typing import Any

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from datamaster_spark.jobs.context import JobContext, JobRequest, JobResult, committed
from datamaster_spark.jobs.downstream import register_downstream_work, requested_partitions
from datamaster_spark.jobs.iceberg_io import Commit, commit_with_retry, current_snapshot, overwrite, table_at
from datamaster_spark.jobs.partitions import Partition, partition_predicate, partitions_digest
from datamaster_spark.jobs.spark_types import schema_of, table_columns
from datamaster_spark.jobs.work import succeed_committed_work
from datamaster_spark.ledger import LedgerRecord
from datamaster_spark.manifest import LakeTable, catalog_table
from datamaster_spark.transforms import derived_table_sql


def rebuild_derived_table(
    ctx: JobContext, derived: LakeTable, request: JobRequest, records: list[LedgerRecord]
) -> JobResult:
    """Rebuilds the partitions the claimed ``records`` name; the caller fails them if this raises."""
    spark, name = ctx.spark, catalog_table(derived.ref)
    partitions = requested_partitions(records)
    register_touched_partitions(spark, derived, partitions)
    inputs = []
    for ref in derived.upstream:
        upstream = ctx.manifest.table(ref)
        upstream_name = catalog_table(ref)
        rows = table_at(spark, upstream_name, current_snapshot(spark, upstream_name))
        # An input partitioned like this table is read only in the partitions being rebuilt.
        if upstream.partition_by == derived.partition_by and derived.partition_by:
            rows = rows.where(partition_predicate(upstream.partition_by, partitions))
        rows.createOrReplaceTempView(upstream.name)
        inputs.append(rows.agg(F.count("*").alias("n")))
    # The rows of every input, counted in one Spark job.
    rows_in = sum(row.n for row in reduce(DataFrame.unionAll, inputs).collect())
    where = partition_predicate(derived.partition_by, partitions if derived.partition_by else [{}])
    sql = derived_table_sql(derived.ref)

    def attempt(base: int | None) -> Commit:
        return overwrite(spark.sql(sql).select(*table_columns(derived)), name, where, base)

    commit = commit_with_retry(spark, name, attempt)
    downstream = register_downstream_work(ctx.ledger, ctx.manifest, derived, commit, partitions)

    def counts(_record: LedgerRecord) -> dict[str, Any]:
        # The input of this run is the set of partitions; its digest tells two runs' inputs apart.
        checksum = partitions_digest(partitions)
        return {"rowsIn": rows_in, "rowsOut": commit.rows, "bytesIn": 0, "bytesOut": commit.bytes, "checksum": checksum}

    succeed_committed_work(ctx.ledger, records, request, commit, counts)
    return committed(derived.ref, len(records), rows_in, commit, len(partitions), downstream)


def register_touched_partitions(spark: SparkSession, table: LakeTable, partitions: list[Partition]) -> None:
    """The ``touched_partitions`` input of the transform SQL, typed as the table's partition columns."""
    rows = [tuple(p.get(c) for c in table.partition_by) for p in partitions]
    spark.createDataFrame(rows, schema_of(table, table.partition_by)).createOrReplaceTempView("touched_partitions")
