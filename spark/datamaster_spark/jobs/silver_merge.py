"""The silver job of one source table (libs/lakehouse/src/silver/merge-silver-table.ts): claim the due bronze
files, MERGE their changes into the rows of the partitions they touch, replace exactly those partitions in one
Iceberg commit, hand review_flat the partitions to rebuild, then settle the ledger records."""

from __future__ import annotations

from typing import Any

from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from datamaster_spark.jobs.bronze import checksums, load_changes, rows_per_record
from datamaster_spark.jobs.context import JobContext, JobRequest, JobResult, committed
from datamaster_spark.jobs.downstream import register_downstream_work
from datamaster_spark.jobs.iceberg_io import Commit, commit_with_retry, overwrite, table_at
from datamaster_spark.jobs.partitions import Partition, distinct_partitions, partition_predicate
from datamaster_spark.jobs.spark_types import table_columns
from datamaster_spark.jobs.work import succeed_committed_work
from datamaster_spark.ledger import LedgerRecord
from datamaster_spark.manifest import LakeTable, catalog_table
from datamaster_spark.transforms import silver_merge_sql


def merge_silver_table(
    ctx: JobContext, silver: LakeTable, request: JobRequest, records: list[LedgerRecord]
) -> JobResult:
    """Runs the MERGE for the claimed ``records``; the caller claimed them and fails them if this raises."""
    spark, name = ctx.spark, catalog_table(silver.ref)
    changes = load_changes(spark, ctx.manifest.table(f"bronze.{silver.name}"), ctx.lake, records)
    try:
        rows_in = rows_per_record(changes, ctx.lake, records)
        rewritten: list[Partition] = []

        def attempt(base: int | None) -> Commit:
            live = table_at(spark, name, base)
            rewritten[:] = partitions_to_rewrite(silver, live, changes)
            where = partition_predicate(silver.partition_by, rewritten)
            lifecycle = [c.name for c in silver.columns if c.origin != "computed"]
            live.where(where).select(*lifecycle).createOrReplaceTempView("target")
            merged = spark.sql(silver_merge_sql(silver)).select(*table_columns(silver))
            return overwrite(merged, name, where, base)

        commit = commit_with_retry(spark, name, attempt)
        downstream = register_downstream_work(
            ctx.ledger, ctx.manifest, silver, commit, partitions_for_downstream(ctx, silver, changes, rewritten)
        )
        digests = checksums(spark, ctx.lake, records)
    finally:
        changes.unpersist()

    def counts(record: LedgerRecord) -> dict[str, Any]:
        rows = rows_in[record["recordId"]]
        checksum = digests[record["recordId"]]
        return {"rowsIn": rows, "rowsOut": rows, "bytesIn": record["objectSize"], "bytesOut": 0, "checksum": checksum}

    succeed_committed_work(ctx.ledger, records, request, commit, counts)
    return committed(silver.ref, len(records), sum(rows_in.values()), commit, len(rewritten), downstream)


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
    """The partitions of the downstream table this run invalidates: the rewritten ones when it is partitioned
    alike (review → review_flat); for a dimension (beer, brewery, profile), every partition of the downstream's
    fact input (silver.review) with a row referencing a changed key, so a renamed beer is renamed everywhere."""
    downstream = ctx.manifest.downstream(silver)
    if not downstream:
        return []
    target = downstream[0]
    if target.partition_by == silver.partition_by:
        return rewritten
    facts = [ctx.manifest.table(ref) for ref in target.upstream]
    fact = next((t for t in facts if t.partition_by == target.partition_by), None)
    if fact is None:
        return [{}]
    fact_rows = ctx.spark.table(catalog_table(fact.ref))
    if all(k in fact.column_names for k in silver.primary_key):
        keys = changes.select(*silver.primary_key)
        fact_rows = fact_rows.join(keys, list(silver.primary_key), "left_semi")
    return distinct_partitions(fact_rows, fact.partition_by)
