"""The job of a derived table, review_flat or gold (libs/lakehouse/src/derived/rebuild-derived-table.ts):
recompute exactly the partitions its work names from the upstream tables at the snapshots the work names, with
the table's transform SQL, and replace those partitions in one commit. Re-running gives the same table, never
duplicates."""

from __future__ import annotations

from functools import reduce

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from datamaster_spark.contract import LakeTable
from datamaster_spark.jobs.context import JobContext
from datamaster_spark.jobs.iceberg_io import commit_once, overwrite, table_at, table_empty
from datamaster_spark.jobs.partitions import Partition, partition_predicate
from datamaster_spark.jobs.spark_types import schema_of, table_columns
from datamaster_spark.jobs.summary import commit_summary, work_marker
from datamaster_spark.jobs.work_file import ProcessingWork


def rebuild_derived_table(ctx: JobContext, derived: LakeTable, work: ProcessingWork) -> int:
    """Commits the recomputed partitions; returns the snapshot that holds them."""
    spark, contract = ctx.spark, ctx.contract
    name = contract.catalog_table(derived.ref)
    partitions = work.partitions_of(derived.partition_by)
    register_touched_partitions(spark, derived, partitions)
    inputs = []
    for ref in derived.upstream:
        upstream = contract.table(ref)
        upstream_name = contract.catalog_table(ref)
        # The snapshot fixed at claim time: what the upstream commits that made this work had written.
        snapshot = work.upstream_snapshot(ref)
        rows = table_empty(spark, upstream_name) if snapshot is None else table_at(spark, upstream_name, snapshot)
        # An input partitioned like this table is read only in the partitions being rebuilt.
        if upstream.partition_by == derived.partition_by and derived.partition_by:
            rows = rows.where(partition_predicate(upstream.partition_by, partitions))
        rows.createOrReplaceTempView(upstream.name)
        inputs.append(rows.agg(F.count("*").alias("n")))
    # The rows of every input, counted in one Spark job.
    rows_in = sum(row.n for row in reduce(DataFrame.unionAll, inputs).collect())
    where = partition_predicate(derived.partition_by, partitions if derived.partition_by else [{}])
    sql = contract.transform_sql(derived)
    # The tables built from this one recompute the partitions it rewrote.
    downstream = partitions if contract.downstream(derived) else []
    summary = commit_summary(contract, work, downstream=downstream, rewritten=len(partitions), rows_in=rows_in)

    def attempt(base: int | None) -> None:
        overwrite(spark.sql(sql).select(*table_columns(derived)), name, where, base, summary)

    return commit_once(spark, name, work_marker(contract, work), attempt)


def register_touched_partitions(spark: SparkSession, table: LakeTable, partitions: list[Partition]) -> None:
    """The ``touched_partitions`` input of the transform SQL, typed as the table's partition columns."""
    rows = [tuple(p.get(c) for c in table.partition_by) for p in partitions]
    spark.createDataFrame(rows, schema_of(table, table.partition_by)).createOrReplaceTempView("touched_partitions")
