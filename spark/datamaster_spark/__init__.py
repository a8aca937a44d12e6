"""The Spark engine of the Datamaster lakehouse (EMR Serverless, or local Spark on a lake home)."""

from datamaster_spark.errors import (
    CatalogNotFoundError,
    InvalidSessionOptionError,
    LakeHomeError,
    MissingJarsError,
    SessionAlreadyActiveError,
    UnknownLayerError,
)
from datamaster_spark.lake_home import LakeCatalog, lake_catalog
from datamaster_spark.manifest import catalog_table
from datamaster_spark.session import CATALOG_NAME, build_session, catalog_conf, local_jars

__all__ = [
    "CATALOG_NAME",
    "CatalogNotFoundError",
    "InvalidSessionOptionError",
    "LakeCatalog",
    "LakeHomeError",
    "MissingJarsError",
    "SessionAlreadyActiveError",
    "UnknownLayerError",
    "build_session",
    "catalog_conf",
    "catalog_table",
    "lake_catalog",
    "local_jars",
]
