"""A silver job's input (libs/lakehouse/src/silver/bronze-changes.ts): the bronze files its work names, read as the
view ``changes`` (the table's declared columns with the bronze types, and the change position)."""

from __future__ import annotations

from pyspark import StorageLevel
from pyspark.sql import DataFrame, SparkSession

from datamaster_spark.contract import LakeTable
from datamaster_spark.jobs.context import Lake
from datamaster_spark.jobs.spark_types import cast_to

CHANGE_POSITION = ("op", "change_ts", "change_seq")


def load_changes(spark: SparkSession, bronze: LakeTable, lake: Lake, keys: tuple[str, ...]) -> DataFrame:
    """The rows of every bronze file, cached (the MERGE and the partition search read them several times)."""
    wanted = [c for c in bronze.columns if c.origin == "declared" or c.name in CHANGE_POSITION]
    paths = sorted({Lake.literal(lake.location(key)) for key in keys})
    # mergeSchema: files written before a column was added lack it, and read it as null (union_by_name).
    changes = spark.read.option("mergeSchema", "true").parquet(*paths).select(*[cast_to(c) for c in wanted])
    changes.persist(StorageLevel.MEMORY_AND_DISK)
    changes.createOrReplaceTempView("changes")
    return changes
