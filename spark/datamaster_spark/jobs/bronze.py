"""A silver job's input (libs/lakehouse/src/silver/bronze-changes.ts): the bronze files its work names, read as the
view ``changes`` (the table's declared columns with the bronze types, and the change position).

Columns are matched by Parquet field id, the manifest's column id that the bronze writer puts in every file, as the
embedded engine matches them: a file written before a rename reads the column under its new name, and a file written
before a column was added reads it as null. Matching by name would read a renamed column as null."""

from __future__ import annotations

from pyspark import StorageLevel
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql.types import StructField, StructType

from datamaster_spark.contract import LakeColumn, LakeTable
from datamaster_spark.errors import BronzeFileWithoutFieldIdsError
from datamaster_spark.jobs.context import Lake
from datamaster_spark.jobs.parquet_footers import files_without_field_ids
from datamaster_spark.jobs.spark_types import SPARK_TYPES

CHANGE_POSITION = ("op", "change_ts", "change_seq")
# Where Spark looks for a requested column's Parquet field id (spark.sql.parquet.fieldId.read.*, set in session.py).
PARQUET_FIELD_ID = "parquet.field.id"


def load_changes(spark: SparkSession, bronze: LakeTable, lake: Lake, keys: tuple[str, ...]) -> tuple[DataFrame, int]:
    """The rows of every bronze file, cached (the MERGE and the partition search read them several times), and
    their count."""
    wanted = [c for c in bronze.columns if c.origin == "declared" or c.name in CHANGE_POSITION]
    locations = sorted({lake.location(key) for key in keys})
    changes = spark.read.schema(read_schema(wanted)).parquet(*[Lake.literal(location) for location in locations])
    changes.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        rows = changes.count()
    except Exception as error:
        changes.unpersist()
        # Spark's own message names neither the file nor the fix; footers are read only on this path.
        without_ids = files_without_field_ids(spark, locations)
        if without_ids:
            raise BronzeFileWithoutFieldIdsError(without_ids[0]) from error
        raise
    changes.createOrReplaceTempView("changes")
    return changes, rows


def read_schema(columns: list[LakeColumn]) -> StructType:
    """The columns as Spark requests them from each file: by field id, nullable (a file may lack a column)."""
    return StructType([StructField(c.name, SPARK_TYPES[c.type], True, {PARQUET_FIELD_ID: c.id}) for c in columns])
