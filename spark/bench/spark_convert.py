"""The Spark side of the conversion bench, in a process of its own: one gzip'd CSV extract → one bronze Parquet
file, as libs/bronze's convertToBronze makes it, on local Spark.

``python -m bench.spark_convert <table> <input.csv.gz> <output dir> [--warm-up]`` prints one JSON line: the time
to start the JVM and SparkContext, the time of the job (read, convert, write) and the JVM's CPU time during it,
and the JVM's CPU time and peak RSS (VmHWM) in all, read from /proc just before the session stops.

What it produces, from the lake manifest (never restated here): the source columns with their types, in the
order of the file's header (as the converter accepts any order); ``unix-seconds`` columns as UTC timestamps;
then bronze's system columns with the values the converter gives a CSV extract (op ``load``, change_ts the
extract time, change_seq the 1-based data row number...), every column with its Parquet field id; zstd,
timestamps as INT64 microseconds (the converter's Timestamp(µs, UTC), not Spark's default INT96).

Not done, unlike the converter: no quarantine (FAILFAST: a malformed row fails the job) and no NOT NULL check
(Spark's CSV reader makes every column nullable). The review extract has neither problem, so the work compared
is the same: decompress, parse, type, encode, write.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import sys
import time
from pathlib import Path

from pyspark.sql import Column, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import LongType, StructField, StructType

from bench.tools import REPO_ROOT
from datamaster_spark.contract import LakeColumn, lake_contract
from datamaster_spark.jobs.spark_types import SPARK_TYPES
from datamaster_spark.session import LOCAL_CONF

# The OLTP encodings are the ingestion's business, not the lake contract's: the bench, which runs in the
# repository, reads them from the manifest's source files.
SOURCE_TABLES_DIR = REPO_ROOT / "libs" / "lake-manifest" / "tables" / "sources"

# The values bronze.bench.ts's converter child passes to convertToBronze, so both files hold the same rows.
INGESTED_AT = "2026-11-26T04:00:00Z"
BATCH_CHANGE_TS = "2026-11-26T03:00:00Z"
CSV_OP = "load"

# session.py's local settings (2 GB driver, 4 shuffle partitions, no UI) and what this job writes.
SPARK_CONF = {
    **LOCAL_CONF,
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.parquet.compression.codec": "zstd",
    "spark.sql.parquet.outputTimestampType": "TIMESTAMP_MICROS",
    "spark.sql.parquet.fieldId.write.enabled": "true",
}
MASTER = "local[*]"


def unix_seconds_columns(table: str) -> set[str]:
    """Source columns whose CSV values are integer seconds since the epoch (``source.encoding``)."""
    file = json.loads((SOURCE_TABLES_DIR / f"{table}.json").read_text(encoding="utf-8"))
    return {c["name"] for c in file["columns"] if c.get("source", {}).get("encoding") == "unix-seconds"}


def read_header(path: Path) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8-sig") as file:
        return file.readline().rstrip("\r\n").split(",")


def csv_schema(header: list[str], declared: dict[str, LakeColumn], seconds: set[str]) -> StructType:
    unknown = sorted(set(header) ^ set(declared))
    if unknown:
        raise ValueError(f"the CSV header {header} does not name exactly the source columns; differs in {unknown}")
    return StructType(
        [StructField(n, LongType() if n in seconds else SPARK_TYPES[declared[n].type], True) for n in header]
    )


def system_values(raw_object_key: str) -> dict[str, Column]:
    # One task reads a gzip file (it cannot be split), so the ids of partition 0 count its rows from 0.
    return {
        "op": F.lit(CSV_OP),
        "change_ts": F.to_timestamp(F.lit(BATCH_CHANGE_TS)),
        "change_txn_id": F.lit(None).cast(LongType()),
        "change_seq": F.monotonically_increasing_id() + 1,
        "raw_object_key": F.lit(raw_object_key),
        "ingested_at": F.to_timestamp(F.lit(INGESTED_AT)),
    }


def convert(spark: SparkSession, table: str, source: Path, output: Path) -> None:
    bronze = lake_contract().table(f"bronze.{table}")
    declared = {c.name: c for c in bronze.columns if c.origin == "declared"}
    seconds = unix_seconds_columns(table)
    schema = csv_schema(read_header(source), declared, seconds)
    rows = (
        spark.read.option("header", "true")
        .option("enforceSchema", "false")
        .option("mode", "FAILFAST")
        .schema(schema)
        .csv(str(source))
    )
    system = system_values(f"raw/{table}/{source.name}")

    def value(column: LakeColumn) -> Column:
        if column.origin != "declared":
            found = system[column.name]
        elif column.name in seconds:
            found = F.timestamp_seconds(F.col(column.name))
        else:
            found = F.col(column.name)
        typed = found.cast(SPARK_TYPES[column.type])
        return typed.alias(column.name, metadata={"parquet.field.id": column.id})

    rows.select(*[value(c) for c in bronze.columns]).write.parquet(str(output))


def jvm_usage(spark: SparkSession) -> dict[str, float]:
    """The JVM's CPU seconds and VmHWM (MiB) so far, from /proc (the JVM is pyspark's child, not this process)."""
    pid = spark.sparkContext._jvm.java.lang.ProcessHandle.current().pid()
    stat = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    # Fields 14 and 15 of stat (utime, stime), counted from after the command name, in clock ticks.
    ticks = os.sysconf("SC_CLK_TCK")
    cpu = (int(stat[11]) + int(stat[12])) / ticks
    status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return {"jvm_cpu_s": cpu, "jvm_peak_rss_mib": int(status["VmHWM"].split()[0]) / 1024}


def main(table: str, source: str, output: str, *options: str) -> None:
    """With ``--warm-up``, a first conversion (into ``<output>.warm-up``, then removed) warms the JVM: the JIT,
    class loading and Hadoop's file system, as in a long-lived application; the figures are the second one's."""
    started = time.perf_counter()
    builder = SparkSession.builder.appName(f"bench-{table}-csv-to-parquet").master(MASTER)
    for key, val in SPARK_CONF.items():
        builder = builder.config(key, val)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    session_ready = time.perf_counter()
    result: dict[str, float] = {"session_s": session_ready - started}
    if "--warm-up" in options:
        convert(spark, table, Path(source), Path(f"{output}.warm-up"))
        shutil.rmtree(f"{output}.warm-up")
        result["warm_up_s"] = time.perf_counter() - session_ready
    before = jvm_usage(spark)
    job_started = time.perf_counter()
    convert(spark, table, Path(source), Path(output))
    result["job_s"] = time.perf_counter() - job_started
    after = jvm_usage(spark)
    result |= {"job_jvm_cpu_s": after["jvm_cpu_s"] - before["jvm_cpu_s"], **after}
    spark.stop()
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
