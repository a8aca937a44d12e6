"""The Spark engine of the Datamaster lakehouse (EMR Serverless, or local Spark on a lake home)."""

from datamaster_spark.contract import Contract, LakeColumn, LakeTable, lake_contract, use_contract
from datamaster_spark.errors import (
    CatalogNotFoundError,
    ContractDocumentError,
    InvalidSessionOptionError,
    LakeHomeError,
    MissingJarsError,
    SessionAlreadyActiveError,
    UnknownLayerError,
)
from datamaster_spark.lake_home import LakeCatalog, LakeHomeConfig, lake_catalog, lake_home_config
from datamaster_spark.session import build_session, catalog_conf, lake_session, local_jars


def catalog_table(ref: str) -> str:
    """``silver.review`` → ``datamaster.dm_silver.review``, in the process's contract."""
    return lake_contract().catalog_table(ref)


__all__ = [
    "CatalogNotFoundError",
    "Contract",
    "ContractDocumentError",
    "InvalidSessionOptionError",
    "LakeCatalog",
    "LakeColumn",
    "LakeHomeConfig",
    "LakeHomeError",
    "LakeTable",
    "MissingJarsError",
    "SessionAlreadyActiveError",
    "UnknownLayerError",
    "build_session",
    "catalog_conf",
    "catalog_table",
    "lake_catalog",
    "lake_contract",
    "lake_home_config",
    "lake_session",
    "local_jars",
    "use_contract",
]
