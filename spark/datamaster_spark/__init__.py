"""The Spark engine of the Datamaster lakehouse (EMR Serverless, or local Spark on a lake home)."""

from datamaster_spark.errors import (
    CatalogNotFoundError,
    InvalidSessionOptionError,
    LakeHomeError,
    MissingJarsError,
    SessionAlreadyActiveError,
    UnknownLayerError,
)
from datamaster_spark.lake_home import LakeCatalog, LakeHomeConfig, lake_catalog, lake_home_config
from datamaster_spark.manifest import catalog_table, lake_manifest
from datamaster_spark.session import CATALOG_NAME, build_session, catalog_conf, lake_session, local_jars

__all__ = [
    "CATALOG_NAME",
    "CatalogNotFoundError",
    "InvalidSessionOptionError",
    "LakeCatalog",
    "LakeHomeConfig",
    "LakeHomeError",
    "MissingJarsError",
    "SessionAlreadyActiveError",
    "UnknownLayerError",
    "build_session",
    "catalog_conf",
    "catalog_table",
    "lake_catalog",
    "lake_home_config",
    "lake_manifest",
    "lake_session",
    "local_jars",
]
