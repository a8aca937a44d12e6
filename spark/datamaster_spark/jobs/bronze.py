"""A silver run's input (libs/lakehouse/src/silver/bronze-changes.ts): the bronze files its records name, read
as the view ``changes`` (the table's columns with the bronze types, the change position), with each file's row
count and SHA-256 for its ledger record."""

from __future__ import annotations

import re
from urllib.parse import unquote

from pyspark import StorageLevel
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from datamaster_spark.jobs.context import Lake
from datamaster_spark.jobs.spark_types import cast_to
from datamaster_spark.ledger import LedgerRecord
from datamaster_spark.manifest import LakeTable

CHANGE_POSITION = ("op", "change_ts", "change_seq")
FILE_COLUMN = "bronze_file"
# Spark's file sources expand Hadoop glob patterns; a bronze key is a name (a raw object such as
# `review[2024].csv.gz` keeps its brackets), so these characters are escaped, as Hadoop's GlobPattern reads them.
_GLOB_CHARACTERS = re.compile(r"([\\\[\]{}*?])")


def literal_paths(lake: Lake, records: list[LedgerRecord]) -> list[str]:
    """The records' bronze files as paths Spark reads literally, never as patterns."""
    return sorted({_GLOB_CHARACTERS.sub(r"\\\1", lake.bronze_location(r["objectKey"])) for r in records})


def load_changes(spark: SparkSession, bronze: LakeTable, lake: Lake, records: list[LedgerRecord]) -> DataFrame:
    """The rows of every record's file, cached (the MERGE and the partition search read them several times)."""
    wanted = [c for c in bronze.columns if c.origin == "declared" or c.name in CHANGE_POSITION]
    # mergeSchema: files written before a column was added lack it, and read it as null (union_by_name).
    files = spark.read.option("mergeSchema", "true").parquet(*literal_paths(lake, records))
    changes = files.select(*[cast_to(c) for c in wanted], F.input_file_name().alias(FILE_COLUMN))
    changes.persist(StorageLevel.MEMORY_AND_DISK)
    changes.createOrReplaceTempView("changes")
    return changes


def rows_per_record(changes: DataFrame, lake: Lake, records: list[LedgerRecord]) -> dict[str, int]:
    counts = {
        _file_key(row[FILE_COLUMN]): row["n"]
        for row in changes.groupBy(FILE_COLUMN).agg(F.count("*").alias("n")).collect()
    }
    return {
        r["recordId"]: counts.get(_file_key(lake.bronze_location(r["objectKey"]), encoded=False), 0) for r in records
    }


def checksums(spark: SparkSession, lake: Lake, records: list[LedgerRecord]) -> dict[str, str]:
    """SHA-256 (hex) of each record's file, computed where the files are (local disk or S3)."""
    paths = literal_paths(lake, records)
    digests = spark.read.format("binaryFile").load(paths).select("path", F.sha2("content", 256).alias("sha256"))
    # binaryFile names files by their plain path, input_file_name() by their percent-encoded URI.
    by_path = {_file_key(row.path, encoded=False): row.sha256 for row in digests.collect()}
    return {r["recordId"]: by_path[_file_key(lake.bronze_location(r["objectKey"]), encoded=False)] for r in records}


def _file_key(location: str, encoded: bool = True) -> str:
    """One spelling per file: file:/x, file:///x and /x are the same local file; percent-escapes decoded."""
    text = unquote(location) if encoded else location
    if text.startswith("file:"):
        text = "/" + text[len("file:") :].lstrip("/")
    return text
