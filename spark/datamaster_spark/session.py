"""SparkSessions with the lake's Iceberg catalog, named as the lake contract names it (`datamaster`), as in the
embedded engine.

Two catalogs, one name, so job SQL reads `datamaster.dm_silver.review` everywhere:

- ``sqlite``: the local lake home's catalog file (``<home>/catalog/iceberg_catalog.db``, the JDBC/PyIceberg
  SqlCatalog layout written by libs/iceberg), opened through Iceberg's JdbcCatalog on ``local[*]`` with the
  jars that spark/setup.sh downloads.
- ``glue``: the Glue Data Catalog with S3FileIO, as on EMR Serverless, whose release provides the Iceberg
  runtime (pass ``master`` only to run it locally with the downloaded jars).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pyspark.sql import SparkSession

from datamaster_spark.contract import lake_contract
from datamaster_spark.errors import (
    CatalogNotFoundError,
    InvalidSessionOptionError,
    MissingJarsError,
    SessionAlreadyActiveError,
)

# Set for the Python process when spark-submit (not pyspark itself) launched the JVM.
SPARK_SUBMIT_GATEWAY_ENV = "PYSPARK_GATEWAY_PORT"
JARS_DIR = Path(__file__).resolve().parent.parent / ".jars"

CatalogKind = Literal["sqlite", "glue"]

# Sized for a 2-core laptop or CI machine; EMR Serverless sets its own resources per job.
LOCAL_CONF = {
    "spark.driver.memory": "2g",
    "spark.sql.shuffle.partitions": "4",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
}


def local_jars(jars_dir: Path = JARS_DIR) -> list[Path]:
    """The Iceberg runtime, Iceberg AWS bundle and SQLite JDBC driver that spark/setup.sh pins."""
    jars = sorted(jars_dir.glob("*.jar"))
    if not jars:
        raise MissingJarsError(jars_dir)
    return jars


def catalog_conf(
    catalog: CatalogKind,
    *,
    sqlite_path: Path | str | None = None,
    warehouse: str | None = None,
    glue_catalog_id: str | None = None,
) -> dict[str, str]:
    """The session settings for the lake's catalog (``datamaster``): Iceberg's extensions, the catalog, UTC.

    sqlite: ``sqlite_path`` is the catalog file, ``warehouse`` the lake folder's file:// URI (where new tables
    go); ``lake_catalog(home)`` reads both from a lake home.
    glue: ``warehouse`` is ``s3://bucket[/prefix]``; ``glue_catalog_id`` names another account's catalog.
    """
    return {
        # Both engines run the transform SQL in UTC (docs/lakehouse.md).
        "spark.sql.session.timeZone": "UTC",
        # Iceberg 1.7.1's vectorized (Arrow) Parquet reader corrupts the JVM's native memory from a file's second
        # batch on (any file of over 5,000 rows, even one Spark wrote): the JVM crashed in 4 full-scale runs of 4.
        # Row-based reads: no crash, the same rows (spark/README.md).
        "spark.sql.iceberg.vectorization.enabled": "false",
        # Bronze is read by Parquet field id (jobs/bronze.py asks for each column's id); a file without any fails the
        # read instead of reading every column as null. Reads whose schema carries no ids still match by name.
        "spark.sql.parquet.fieldId.read.enabled": "true",
        "spark.sql.parquet.fieldId.read.ignoreMissing": "false",
        "spark.sql.extensions": "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions",
        **_catalog_settings(catalog, sqlite_path, warehouse, glue_catalog_id, _catalog_prefix()),
    }


def lake_session(
    spark: SparkSession,
    catalog: CatalogKind,
    *,
    sqlite_path: Path | str | None = None,
    warehouse: str | None = None,
    glue_catalog_id: str | None = None,
) -> SparkSession:
    """Another session on the running JVM whose catalog (``datamaster``) is another lake's, e.g. a second lake
    home's. Catalogs, SQL settings and temp views are per session; jars, extensions and time zone are shared.

    The name is the contract's: the SQLite catalog keeps it in every row (catalog_name), so a JDBC catalog of any
    other name sees no tables.
    """
    session = spark.newSession()
    settings = _catalog_settings(catalog, sqlite_path, warehouse, glue_catalog_id, _catalog_prefix())
    for key, value in settings.items():
        session.conf.set(key, value)
    return session


def _catalog_prefix() -> str:
    return f"spark.sql.catalog.{lake_contract().catalog_name}"


def _catalog_settings(
    catalog: CatalogKind,
    sqlite_path: Path | str | None,
    warehouse: str | None,
    glue_catalog_id: str | None,
    prefix: str,
) -> dict[str, str]:
    if catalog == "sqlite":
        specific = _sqlite_catalog_conf(sqlite_path, warehouse, prefix)
    elif catalog == "glue":
        specific = _glue_catalog_conf(warehouse, glue_catalog_id, prefix)
    else:
        raise InvalidSessionOptionError("catalog", catalog, "'sqlite' or 'glue'")
    return {
        prefix: "org.apache.iceberg.spark.SparkCatalog",
        # Another process (the embedded engine, another job) may commit between two reads: always load the
        # table's current metadata instead of a cached copy.
        f"{prefix}.cache-enabled": "false",
        **specific,
    }


def build_session(
    catalog: CatalogKind,
    *,
    sqlite_path: Path | str | None = None,
    warehouse: str | None = None,
    app_name: str = "datamaster",
    master: str | None = None,
    glue_catalog_id: str | None = None,
) -> SparkSession:
    """A SparkSession with the settings of ``catalog_conf`` (see there for the arguments).

    ``master`` defaults to ``local[*]`` for sqlite and to none for glue (spark-submit on EMR sets it); with a
    master the session runs locally, with the jars of spark/setup.sh and a 2 GB driver. Under spark-submit, which
    started the JVM with its own --master and --jars (a JVM's class path cannot grow later), sqlite adds neither.
    """
    active = SparkSession.getActiveSession()
    if active is not None:
        raise SessionAlreadyActiveError(active.sparkContext.appName)
    conf = catalog_conf(catalog, sqlite_path=sqlite_path, warehouse=warehouse, glue_catalog_id=glue_catalog_id)
    if catalog == "sqlite" and master is None and SPARK_SUBMIT_GATEWAY_ENV not in os.environ:
        master = "local[*]"

    builder = SparkSession.builder.appName(app_name)
    if master is not None:
        # Running outside EMR: bring the jars EMR would provide, and stay within a small machine.
        builder = builder.master(master).config("spark.jars", ",".join(str(j) for j in local_jars()))
        conf = {**LOCAL_CONF, **conf}
    for key, value in conf.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def _sqlite_catalog_conf(sqlite_path: Path | str | None, warehouse: str | None, prefix: str) -> dict[str, str]:
    if sqlite_path is None:
        raise InvalidSessionOptionError("sqlite_path", None, "the path of <lake home>/catalog/iceberg_catalog.db")
    if warehouse is None or not warehouse.startswith("file:"):
        raise InvalidSessionOptionError("warehouse", warehouse, "the file:// URI of the lake folder (<lake home>/lake)")
    path = Path(sqlite_path).resolve()
    # The SQLite driver would create an empty catalog at a wrong path and every table would be "not found".
    if not path.is_file():
        raise CatalogNotFoundError(path)
    return {
        f"{prefix}.type": "jdbc",
        f"{prefix}.uri": f"jdbc:sqlite:{path}",
        # libs/iceberg writes the v1 layout (iceberg_type column); say so rather than rely on detection.
        f"{prefix}.jdbc.schema-version": "V1",
        # Passed to the SQLite driver: wait for a TypeScript writer's lock as libs/iceberg does (5 s).
        f"{prefix}.jdbc.busy_timeout": "5000",
        # The lake home's catalog has its tables (libs/iceberg creates them). Iceberg 1.7's check for them leaves a
        # ResultSet over sqlite_master open (apache/iceberg#15462), pinning that pooled connection to the catalog
        # as it was: later reads miss other processes' commits and its commits fail with SQLITE_BUSY.
        f"{prefix}.jdbc.init-catalog-tables": "false",
        f"{prefix}.warehouse": warehouse,
    }


def _glue_catalog_conf(warehouse: str | None, glue_catalog_id: str | None, prefix: str) -> dict[str, str]:
    if warehouse is None or not warehouse.startswith("s3://"):
        raise InvalidSessionOptionError("warehouse", warehouse, "s3://bucket[/prefix] for the glue catalog")
    conf = {
        f"{prefix}.catalog-impl": "org.apache.iceberg.aws.glue.GlueCatalog",
        f"{prefix}.io-impl": "org.apache.iceberg.aws.s3.S3FileIO",
        f"{prefix}.warehouse": warehouse,
    }
    if glue_catalog_id is not None:
        conf[f"{prefix}.glue.id"] = glue_catalog_id
    return conf
