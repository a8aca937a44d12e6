"""The silver job of one source table (libs/lakehouse/src/silver/merge-silver-table.ts): MERGE the changes of the
work's bronze files into the rows of the partitions they touch, and replace exactly those partitions in one Iceberg
commit whose summary names the partitions review_flat must recompute."""

from __future__ import annotations

from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from datamaster_spark.contract import LakeTable
from datamaster_spark.errors import WorkFileError
from datamaster_spark.jobs.bronze import load_changes
from datamaster_spark.jobs.context import JobContext
from datamaster_spark.jobs.iceberg_io import commit_once, overwrite, table_at
from datamaster_spark.jobs.partitions import Partition, distinct_partitions, partition_predicate
from datamaster_spark.jobs.spark_types import table_columns
from datamaster_spark.jobs.summary import commit_summary, work_marker
from datamaster_spark.jobs.work_file import ProcessingWork


def merge_silver_table(ctx: JobContext, silver: LakeTable, work: ProcessingWork) -> int:
    """Commits the MERGE of the work's bronze files; returns the snapshot that holds it."""
    if not work.input_keys:
        raise WorkFileError(work.location, f"names no bronze objects for {silver.ref} to merge")
    spark, contract = ctx.spark, ctx.contract
    name = contract.catalog_table(silver.ref)
    changes, rows_in = load_changes(spark, contract.table(f"bronze.{silver.name}"), ctx.lake, work.input_keys)
    try:
        merge_sql = contract.transform_sql(silver)

        def attempt(base: int | None) -> None:
            live = table_at(spark, name, base)
            rewritten = partitions_to_rewrite(silver, live, changes)
            where = partition_predicate(silver.partition_by, rewritten)
            lifecycle = [c.name for c in silver.columns if c.origin != "computed"]
            live.where(where).select(*lifecycle).createOrReplaceTempView("target")
            merged = spark.sql(merge_sql).select(*table_columns(silver))
            downstream = partitions_for_downstream(ctx, silver, changes, rewritten)
            summary = commit_summary(contract, work, downstream=downstream, rewritten=len(rewritten), rows_in=rows_in)
            overwrite(merged, name, where, base, summary)

        return commit_once(spark, name, work_marker(contract, work), attempt)
    finally:
        changes.unpersist()


def partitions_to_rewrite(silver: LakeTable, live: DataFrame, changes: DataFrame) -> list[Partition]:
    """The partitions the changed keys will live in (from the changes' own values) plus those holding them now
    (a change may move a row, e.g. a corrected review_time). Only key and partition columns are scanned."""
    if not silver.partition_by:
        return [{}]
    computed = {c.name: c.expression for c in silver.columns if c.expression is not None}
    incoming = changes.select(*[F.expr(computed.get(p, p)).alias(p) for p in silver.partition_by])
    keys = changes.select(*silver.primary_key)
    current = live.join(keys, list(silver.primary_key), "left_semi").select(*silver.partition_by)
    return distinct_partitions(incoming.unionByName(current), silver.partition_by)


def partitions_for_downstream(
    ctx: JobContext, silver: LakeTable, changes: DataFrame, rewritten: list[Partition]
) -> list[Partition]:
    """The partitions of the downstream table this commit invalidates: the rewritten ones when it is partitioned
    alike (review → review_flat); for a dimension (beer, brewery, profile), every partition of the downstream's
    fact input (silver.review) with a row referencing a changed key, so a renamed beer is renamed everywhere."""
    downstream = ctx.contract.downstream(silver)
    if not downstream:
        return []
    target = downstream[0]
    if target.partition_by == silver.partition_by:
        return rewritten
    facts = [ctx.contract.table(ref) for ref in target.upstream]
    fact = next((t for t in facts if t.partition_by == target.partition_by), None)
    if fact is None:
        return [{}]
    fact_rows = ctx.spark.table(ctx.contract.catalog_table(fact.ref))
    if all(k in fact.column_names for k in silver.primary_key):
        keys = changes.select(*silver.primary_key)
        fact_rows = fact_rows.join(keys, list(silver.primary_key), "left_semi")
    return distinct_partitions(fact_rows, fact.partition_by)
