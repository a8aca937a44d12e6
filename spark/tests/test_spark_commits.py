"""The embedded engine reads a table after Spark has committed to it (the other direction of the interop).

Runs last (file order): it rewrites one partition of gold.top_drinkers, with the same rows, in the shared lake.
"""

from __future__ import annotations

import json

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from datamaster_cli import DatamasterCli
from datamaster_spark import catalog_table

REWRITTEN = "gold.top_drinkers"


def test_the_embedded_engine_reads_a_partition_spark_rewrote(spark: SparkSession, demo_lake: DatamasterCli):
    table = catalog_table(REWRITTEN)
    rows_before = spark.table(table).count()
    partition = spark.table(table).select("review_year", "review_month").first()
    assert partition is not None, f"{REWRITTEN} is empty: nothing to rewrite"
    rewritten = spark.table(table).where(
        (F.col("review_year") == partition.review_year) & (F.col("review_month") == partition.review_month)
    )
    rewritten.writeTo(table).overwritePartitions()

    count_sql = f"SELECT count(*) AS n FROM {REWRITTEN}"
    done = demo_lake.attempt("query", count_sql, "--as", "data-engineer", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert spark.table(table).count() == rows_before
    assert json.loads(done.stdout) == [{"n": rows_before}]
