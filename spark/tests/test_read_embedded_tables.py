"""Spark and PyIceberg read the silver and gold tables that the embedded engine (TypeScript, DuckDB) wrote.

The lake comes from `datamaster demo`; Spark opens its SQLite catalog through Iceberg's JdbcCatalog, PyIceberg
through its SqlCatalog, and both must see exactly what `datamaster query` sees.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import TimestampType

from datamaster_cli import DatamasterCli
from datamaster_spark import catalog_table, lake_contract
from lake_homes import pyiceberg_catalog, pyiceberg_table

# gold.top_beers_by_rating is empty at the demo's scale (no beer reaches 25 reviews a month): its snapshots
# have no data files, which must still be readable (an empty manifest list keeps its Avro header).
TABLES = ("silver.review", "silver.review_flat", "gold.top_beers_by_rating")


def _count(cli: DatamasterCli, ref: str) -> int:
    [row] = cli.query(f"SELECT count(*) AS n FROM {ref}")
    return int(row["n"])


@pytest.mark.parametrize("ref", TABLES)
def test_spark_counts_the_rows_the_embedded_engine_counts(spark: SparkSession, demo_lake: DatamasterCli, ref: str):
    assert spark.table(catalog_table(ref)).count() == _count(demo_lake, ref)


EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _spark_rows(frame: DataFrame) -> Counter[tuple[object, ...]]:
    # Timestamps compare as instants (epoch milliseconds, the CLI's JSON precision), whatever the time zones.
    columns = [
        F.unix_millis(F.col(f.name)) if isinstance(f.dataType, TimestampType) else F.col(f.name)
        for f in frame.schema.fields
    ]
    return Counter(tuple(row) for row in frame.select(*columns).collect())


def _cli_rows(rows: list[dict[str, object]], frame: DataFrame) -> Counter[tuple[object, ...]]:
    timestamps = {f.name for f in frame.schema.fields if isinstance(f.dataType, TimestampType)}

    def value(name: str, raw: object) -> object:
        if name in timestamps and isinstance(raw, str):
            return (datetime.fromisoformat(raw.replace("Z", "+00:00")) - EPOCH) // timedelta(milliseconds=1)
        return raw

    return Counter(tuple(value(name, row[name]) for name in frame.columns) for row in rows)


@pytest.mark.parametrize("ref", TABLES)
def test_spark_reads_the_rows_the_embedded_engine_reads(spark: SparkSession, demo_lake: DatamasterCli, ref: str):
    frame = spark.table(catalog_table(ref))
    ours = demo_lake.query(f"SELECT * FROM {ref}")
    assert all(set(row) == set(frame.columns) for row in ours)
    assert _spark_rows(frame) == _cli_rows(ours, frame)


def test_spark_sees_the_catalog_namespaces_and_tables(spark: SparkSession):
    namespaces = {r.namespace for r in spark.sql(f"SHOW NAMESPACES IN {lake_contract().catalog_name}").collect()}
    tables = {
        f"{lake_contract().catalog_name}.{r.namespace}.{r.tableName}"
        for ns in namespaces
        for r in spark.sql(f"SHOW TABLES IN {lake_contract().catalog_name}.{ns}").collect()
    }
    assert {catalog_table(ref) for ref in TABLES} <= tables


@pytest.mark.parametrize("ref", TABLES)
def test_pyiceberg_counts_the_rows_the_embedded_engine_counts(demo_lake: DatamasterCli, ref: str):
    with pyiceberg_catalog(demo_lake.home) as pyiceberg:
        rows = pyiceberg_table(pyiceberg, ref).scan().to_arrow().num_rows
    assert rows == _count(demo_lake, ref)
