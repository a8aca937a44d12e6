"""The session settings for each catalog, and the errors for settings that cannot work."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyspark.sql import SparkSession

from datamaster_cli import DatamasterCli
from datamaster_spark import (
    CatalogNotFoundError,
    InvalidSessionOptionError,
    LakeHomeError,
    SessionAlreadyActiveError,
    UnknownLayerError,
    build_session,
    catalog_conf,
    catalog_table,
    lake_catalog,
)

PREFIX = "spark.sql.catalog.datamaster"


def test_sqlite_conf_opens_the_lake_homes_catalog_through_jdbc_in_utc(demo_lake: DatamasterCli):
    catalog = lake_catalog(demo_lake.home)
    conf = catalog_conf("sqlite", sqlite_path=catalog.sqlite_path, warehouse=catalog.warehouse)
    assert conf[PREFIX] == "org.apache.iceberg.spark.SparkCatalog"
    assert conf[f"{PREFIX}.type"] == "jdbc"
    assert conf[f"{PREFIX}.uri"] == f"jdbc:sqlite:{catalog.sqlite_path}"
    assert conf[f"{PREFIX}.warehouse"] == catalog.warehouse
    assert conf["spark.sql.session.timeZone"] == "UTC"
    assert "IcebergSparkSessionExtensions" in conf["spark.sql.extensions"]


def test_lake_catalog_finds_the_catalog_file_and_lake_folder_of_a_cli_made_home(demo_lake: DatamasterCli):
    catalog = lake_catalog(demo_lake.home)
    assert catalog.sqlite_path.is_file()
    lake = Path(catalog.warehouse.removeprefix("file://"))
    assert (lake / "silver").is_dir()
    assert (lake / "gold").is_dir()


def test_a_missing_catalog_file_is_refused_rather_than_created(tmp_path: Path):
    missing = tmp_path / "catalog" / "iceberg_catalog.db"
    with pytest.raises(CatalogNotFoundError, match=str(missing)):
        catalog_conf("sqlite", sqlite_path=missing, warehouse=tmp_path.as_uri())
    assert not missing.exists()


def test_a_home_without_config_names_the_file(tmp_path: Path):
    with pytest.raises(LakeHomeError, match=r"config\.json missing"):
        lake_catalog(tmp_path)


def test_glue_conf_uses_the_glue_catalog_and_s3_file_io():
    conf = catalog_conf("glue", warehouse="s3://lake-bucket/warehouse", glue_catalog_id="123456789012")
    assert conf[f"{PREFIX}.catalog-impl"] == "org.apache.iceberg.aws.glue.GlueCatalog"
    assert conf[f"{PREFIX}.io-impl"] == "org.apache.iceberg.aws.s3.S3FileIO"
    assert conf[f"{PREFIX}.warehouse"] == "s3://lake-bucket/warehouse"
    assert conf[f"{PREFIX}.glue.id"] == "123456789012"
    assert f"{PREFIX}.uri" not in conf


@pytest.mark.parametrize(
    ("catalog", "warehouse"),
    [("glue", "file:///tmp/lake"), ("glue", None), ("sqlite", "s3://bucket"), ("hive", "s3://bucket")],
)
def test_a_warehouse_or_catalog_that_cannot_work_is_refused(catalog: str, warehouse: str | None, tmp_path: Path):
    db = tmp_path / "iceberg_catalog.db"
    db.touch()
    with pytest.raises(InvalidSessionOptionError, match="expected"):
        catalog_conf(catalog, sqlite_path=db, warehouse=warehouse)  # type: ignore[arg-type]


def test_a_second_session_is_refused_while_one_runs(spark: SparkSession, demo_lake: DatamasterCli):
    catalog = lake_catalog(demo_lake.home)
    with pytest.raises(SessionAlreadyActiveError, match="datamaster-spark-tests"):
        build_session("sqlite", sqlite_path=catalog.sqlite_path, warehouse=catalog.warehouse)


def test_an_unknown_layer_names_the_contracts_layers():
    with pytest.raises(UnknownLayerError, match=r"unknown layer; .* layers are .*silver"):
        catalog_table("platinum.review")


def test_a_file_of_more_than_one_read_batch_is_read_whole(spark: SparkSession):
    # Iceberg 1.7.1's vectorized reader corrupts native memory from a file's second batch (5,000 rows) on, and
    # the JVM dies; the session reads row by row (README: Sessions). 6,000 rows in one file, read back exactly.
    name = "datamaster.dm_silver.probe_read_batches"
    spark.sql(f"CREATE TABLE {name} (id bigint) USING iceberg")
    try:
        spark.range(6000).coalesce(1).writeTo(name).append()
        [row] = spark.table(name).selectExpr("count(*) AS n", "sum(id) AS total").collect()
        assert (row.n, row.total) == (6000, 6000 * 5999 // 2)
    finally:
        spark.sql(f"DROP TABLE {name} PURGE")
