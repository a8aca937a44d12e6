"""The embedded engine reads a table after Spark has committed to it (the other direction of the interop).

Runs last (file order): it rewrites one partition of gold.top_drinkers, with the same rows, in the shared lake.
"""

from __future__ import annotations

import json

import pytest
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from datamaster_cli import DatamasterCli
from datamaster_spark import catalog_table

REWRITTEN = "gold.top_drinkers"

# Iceberg Java draws snapshot ids from 63 random bits; libs/iceberg holds them as JavaScript numbers (exact only
# below 2^53): avsc refuses to decode the Avro longs of Spark's manifest list ("potential precision loss") and
# JSON.parse rounds the ids in the metadata file. Fix in libs/iceberg: 64-bit ids as bigint end to end (an avsc
# long type over bigint for manifest lists and manifests, a lossless parse/serialise of snapshot ids in
# metadata JSON). Until then every table Spark commits to is unreadable for `datamaster query/tables/maintain`.
SNAPSHOT_ID_DEFECT = "libs/iceberg cannot read snapshot ids above 2^53, which Iceberg Java writes"


def test_the_embedded_engine_reads_a_partition_spark_rewrote(spark: SparkSession, demo_lake: DatamasterCli):
    table = catalog_table(REWRITTEN)
    rows_before = spark.table(table).count()
    partition = spark.table(table).select("review_year", "review_month").first()
    assert partition is not None, f"{REWRITTEN} is empty: nothing to rewrite"
    rewritten = spark.table(table).where(
        (F.col("review_year") == partition.review_year) & (F.col("review_month") == partition.review_month)
    )
    rewritten.writeTo(table).overwritePartitions()
    snapshot_id = spark.sql(f"SELECT snapshot_id FROM {table}.snapshots ORDER BY committed_at DESC LIMIT 1").first()[0]

    count_sql = f"SELECT count(*) AS n FROM {REWRITTEN}"
    done = demo_lake.attempt("query", count_sql, "--as", "data-engineer", "--format", "json")
    if snapshot_id >= 2**53 and done.returncode != 0 and "potential precision loss" in done.stderr:
        pytest.xfail(f"{SNAPSHOT_ID_DEFECT} (Spark's snapshot {snapshot_id})")
    assert done.returncode == 0, done.stderr
    assert spark.table(table).count() == rows_before
    assert json.loads(done.stdout) == [{"n": rows_before}]
