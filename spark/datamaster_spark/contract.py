"""The lake's contract as the TypeScript side exports it (libs/lake-contract, `nx run lake-contract:export`): one
JSON document with the resolved tables (system and computed columns included), the transform SQL with the silver
MERGE already filled, the Iceberg layers and catalog name, and the commit summary names. Spark only reads it: the
manifest is resolved, and templates are filled, in exactly one place.

Which document: ``use_contract(path)`` (``--contract``), else ``$DATAMASTER_CONTRACT``, else the copy inside the
package (``nx run spark:package`` puts it there for EMR), else the repository's
libs/lake-contract/generated/lake-contract.json.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from datamaster_spark.errors import (
    ContractDocumentError,
    MissingTransformError,
    UnknownColumnError,
    UnknownLayerError,
    UnknownTableError,
)

CONTRACT_ENV = "DATAMASTER_CONTRACT"
# The versions of the document this code reads (libs/lake-contract's CONTRACT_DOCUMENT_VERSION).
SUPPORTED_VERSION = 1
PACKAGED_FILE = "lake-contract.json"
REPO_FILE = Path(__file__).resolve().parents[2] / "libs" / "lake-contract" / "generated" / "lake-contract.json"


@dataclass(frozen=True)
class LakeColumn:
    id: int
    name: str
    type: str
    nullable: bool
    # declared | system | computed | inherited, as in libs/lake-manifest/src/model.ts
    origin: str
    expression: str | None = None


@dataclass(frozen=True)
class LakeTable:
    ref: str
    layer: str
    name: str
    columns: tuple[LakeColumn, ...]
    primary_key: tuple[str, ...]
    partition_by: tuple[str, ...]
    upstream: tuple[str, ...]
    # Source tables and their bronze/silver projections; derived tables have none.
    is_source: bool

    def column(self, name: str) -> LakeColumn:
        for column in self.columns:
            if column.name == name:
                return column
        raise UnknownColumnError(self.ref, name, self.column_names)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


@dataclass(frozen=True)
class Contract:
    databases: dict[str, str]
    # In the manifest's order: sources, bronze and silver projections by name, derived tables by dependency.
    tables: tuple[LakeTable, ...]
    derived_sql: dict[str, str]
    silver_merge_sql: dict[str, str]
    catalog_name: str
    iceberg_layers: tuple[str, ...]
    work_file_version: int
    # The snapshot summary property names of COMMIT_SUMMARY (libs/lake-contract/src/processing/work.ts).
    commit_summary: dict[str, str]

    def table(self, ref: str) -> LakeTable:
        for table in self.tables:
            if table.ref == ref:
                return table
        raise UnknownTableError(ref, [t.ref for t in self.tables])

    @property
    def iceberg_tables(self) -> list[LakeTable]:
        """Silver and gold, in dependency order: the tables the processing jobs build."""
        return [t for t in self.tables if t.layer in self.iceberg_layers]

    def downstream(self, table: LakeTable) -> list[LakeTable]:
        """The tables built from this one."""
        return [t for t in self.tables if table.ref in t.upstream]

    def transform_sql(self, table: LakeTable) -> str:
        """The SQL of a job: the filled MERGE of a source table's silver, or a derived table's SELECT."""
        sql = (self.silver_merge_sql if table.is_source else self.derived_sql).get(table.ref)
        if sql is None:
            raise MissingTransformError(table.ref, [*self.silver_merge_sql, *self.derived_sql])
        return sql

    def catalog_table(self, ref: str) -> str:
        """``silver.review`` → ``datamaster.dm_silver.review``: the layer's database is the catalog namespace."""
        layer, name = ref.split(".", 1)
        if layer not in self.databases:
            raise UnknownLayerError(ref, sorted(self.databases))
        return f"{self.catalog_name}.{self.databases[layer]}.{name}"


_selected: Contract | None = None


def lake_contract() -> Contract:
    """The process's contract: the one ``use_contract`` chose, else the default document (read once)."""
    global _selected
    if _selected is None:
        _selected = _default()
    return _selected


def use_contract(path: str | Path) -> Contract:
    """Makes the document at ``path`` the process's contract (``--contract``); before any job runs."""
    global _selected
    _selected = read_contract(Path(path))
    return _selected


def read_contract(path: Path) -> Contract:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ContractDocumentError(str(path), f"cannot be read ({error})") from error
    return parse_contract(text, str(path))


def parse_contract(text: str, where: str) -> Contract:
    try:
        document = json.loads(text)
        version = document["version"]
    except (ValueError, KeyError, TypeError) as error:
        raise ContractDocumentError(where, f"is not a lake contract document ({error!r})") from error
    if version != SUPPORTED_VERSION:
        raise ContractDocumentError(where, f"has version {version!r}; this code reads version {SUPPORTED_VERSION}")
    try:
        manifest = document["manifest"]
        return Contract(
            databases=dict(manifest["databases"]),
            tables=tuple(_table(t) for t in manifest["tables"]),
            derived_sql=dict(document["transforms"]["derived"]),
            silver_merge_sql=dict(document["transforms"]["silverMerge"]),
            catalog_name=document["iceberg"]["catalogName"],
            iceberg_layers=tuple(document["iceberg"]["layers"]),
            work_file_version=document["processing"]["workFileVersion"],
            commit_summary=dict(document["processing"]["commitSummary"]),
        )
    except (KeyError, TypeError) as error:
        raise ContractDocumentError(where, f"lacks a field this code reads ({error})") from error


def _default() -> Contract:
    explicit = os.environ.get(CONTRACT_ENV)
    if explicit:
        return read_contract(Path(explicit))
    # importlib.resources also reads inside the zip that --py-files puts on the path.
    packaged = resources.files("datamaster_spark").joinpath(PACKAGED_FILE)
    if packaged.is_file():
        return parse_contract(packaged.read_text(encoding="utf-8"), f"datamaster_spark/{PACKAGED_FILE}")
    if REPO_FILE.is_file():
        return read_contract(REPO_FILE)
    raise ContractDocumentError(
        str(REPO_FILE),
        f"is missing, and the package carries no {PACKAGED_FILE}: run from the monorepo, pass the archive of "
        f"`nx run spark:package` with --py-files, or name a document with --contract or ${CONTRACT_ENV}",
    )


def _table(table: dict[str, Any]) -> LakeTable:
    return LakeTable(
        ref=table["ref"],
        layer=table["layer"],
        name=table["name"],
        columns=tuple(
            LakeColumn(c["id"], c["name"], c["type"], c["nullable"], c["origin"], c.get("expression"))
            for c in table["columns"]
        ),
        primary_key=tuple(table["primaryKey"]),
        partition_by=tuple(table["partitionBy"]),
        upstream=tuple(table["upstream"]),
        is_source=table["isSource"],
    )
