"""The lake manifest (libs/lake-manifest), resolved as its TypeScript resolver does (src/resolve.ts).

Only what the Spark jobs need: every table with its columns in schema order (declared, computed, system and
inherited, with types and nullability), keys, partitioning and lineage, in the manifest's table order (sources,
bronze and silver projections by name, then derived tables in dependency order). The files are validated by the
TypeScript side (`datamaster manifest validate`, its tests); this port trusts them and only names what it cannot
resolve. tests/test_manifest.py checks the result against the TypeScript resolver's, table by table.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from datamaster_spark.errors import ManifestResolutionError, UnknownLayerError, UnknownTableError
from datamaster_spark.resources import table_files
from datamaster_spark.session import CATALOG_NAME

LAKE_FILE = "tables/lake.json"
ICEBERG_LAYERS = ("silver", "gold")


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
        raise ManifestResolutionError(self.ref, f'has no column "{name}" (it has: {", ".join(self.column_names)})')

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


@dataclass(frozen=True)
class LakeManifest:
    databases: dict[str, str]
    tables: tuple[LakeTable, ...]

    def table(self, ref: str) -> LakeTable:
        for table in self.tables:
            if table.ref == ref:
                return table
        raise UnknownTableError(ref, [t.ref for t in self.tables])

    @property
    def iceberg_tables(self) -> list[LakeTable]:
        """Silver and gold, in dependency order: the tables the processing jobs build."""
        return [t for t in self.tables if t.layer in ICEBERG_LAYERS]

    def downstream(self, table: LakeTable) -> list[LakeTable]:
        """The tables built from this one (libs/lakehouse/src/work/downstream-work.ts)."""
        return [t for t in self.tables if table.ref in t.upstream]


def _system(id_: int, name: str, type_: str, nullable: bool) -> LakeColumn:
    return LakeColumn(id=id_, name=name, type=type_, nullable=nullable, origin="system")


# libs/lake-manifest/src/system-columns.ts declares these in code, not in the table files.
BRONZE_SYSTEM_COLUMNS = (
    _system(1001, "op", "string", False),
    _system(1002, "change_ts", "timestamptz", False),
    _system(1003, "change_txn_id", "long", True),
    _system(1004, "change_seq", "long", False),
    _system(1005, "raw_object_key", "string", False),
    _system(1006, "ingested_at", "timestamptz", False),
)
SILVER_LIFECYCLE_COLUMNS = (
    _system(1101, "created_at", "timestamptz", False),
    _system(1102, "updated_at", "timestamptz", False),
    _system(1103, "deleted_at", "timestamptz", True),
)


@cache
def lake_manifest() -> LakeManifest:
    """The resolved manifest of the files in libs/lake-manifest/tables (or their packaged copy)."""
    files = dict(table_files())
    lake = json.loads(files.pop(LAKE_FILE))
    parsed = [json.loads(text) for text in files.values()]
    # Canonical order by name, as resolve.ts sorts (names are lower-case snake_case, so code-point order).
    sources = sorted((f for f in parsed if f["kind"] == "source-table"), key=lambda f: f["name"])
    derived = sorted((f for f in parsed if f["kind"] == "derived-table"), key=lambda f: f["name"])

    tables: dict[str, LakeTable] = {}
    projections = [_project_source(f) for f in sources]
    for layer in ("source", "bronze", "silver"):
        for projection in projections:
            tables[projection[layer].ref] = projection[layer]
    pending = derived
    while pending:
        ready = [d for d in pending if all(ref in tables for ref in d["upstream"])]
        if not ready:
            refs = [f"{d['layer']}.{d['name']}" for d in pending]
            raise ManifestResolutionError(
                ", ".join(refs), "has an upstream table no manifest file declares, or a cycle"
            )
        for file in ready:
            table = _resolve_derived(file, tables)
            tables[table.ref] = table
        pending = [d for d in pending if d not in ready]
    return LakeManifest(databases=dict(lake["databases"]), tables=tuple(tables.values()))


def catalog_table(ref: str, catalog: str = CATALOG_NAME) -> str:
    """``silver.review`` → ``datamaster.dm_silver.review``: the layer's database is the catalog namespace."""
    layer, name = ref.split(".", 1)
    databases = lake_manifest().databases
    if layer not in databases:
        raise UnknownLayerError(ref, sorted(databases))
    return f"{catalog}.{databases[layer]}.{name}"


def _declared(column: dict[str, Any]) -> LakeColumn:
    return LakeColumn(
        id=column["id"], name=column["name"], type=column["type"], nullable=column["nullable"], origin="declared"
    )


def _project_source(file: dict[str, Any]) -> dict[str, LakeTable]:
    name, key = file["name"], tuple(file["primaryKey"])
    declared = [_declared(c) for c in file["columns"]]
    silver = file.get("silver", {})
    computed = [
        LakeColumn(
            id=c["id"],
            name=c["name"],
            type=c["type"],
            nullable=c["nullable"],
            origin="computed",
            expression=c["expression"],
        )
        for c in silver.get("computedColumns", [])
    ]

    # Deletes carry only the key, so every other bronze and silver column may be null (resolve.ts says why).
    def keyed(columns: list[LakeColumn]) -> tuple[LakeColumn, ...]:
        return tuple(c if c.name in key else replace(c, nullable=True) for c in columns)

    def table(layer: str, columns: tuple[LakeColumn, ...], partition_by: tuple[str, ...], upstream: tuple[str, ...]):
        return LakeTable(f"{layer}.{name}", layer, name, columns, key, partition_by, upstream, is_source=True)

    return {
        "source": table("source", tuple(declared), (), ()),
        "bronze": table("bronze", keyed(declared) + BRONZE_SYSTEM_COLUMNS, (), (f"source.{name}",)),
        "silver": table(
            "silver",
            keyed(declared + computed) + SILVER_LIFECYCLE_COLUMNS,
            tuple(p["column"] for p in silver.get("partitionBy", [])),
            (f"bronze.{name}",),
        ),
    }


def _resolve_derived(file: dict[str, Any], tables: dict[str, LakeTable]) -> LakeTable:
    ref = f"{file['layer']}.{file['name']}"
    columns: list[LakeColumn] = []
    for column in file["columns"]:
        if "from" in column:
            columns.append(_inherited(ref, column, file["upstream"], tables))
        elif "expression" in column:
            columns.append(
                LakeColumn(
                    column["id"], column["name"], column["type"], column["nullable"], "computed", column["expression"]
                )
            )
        else:
            columns.append(_declared(column))
    lifecycle = SILVER_LIFECYCLE_COLUMNS if file["layer"] == "silver" else ()
    return LakeTable(
        ref=ref,
        layer=file["layer"],
        name=file["name"],
        columns=(*columns, *lifecycle),
        primary_key=tuple(file["primaryKey"]),
        partition_by=tuple(p["column"] for p in file.get("partitionBy", [])),
        upstream=tuple(file["upstream"]),
        is_source=False,
    )


def _inherited(ref: str, column: dict[str, Any], upstream: list[str], tables: dict[str, LakeTable]) -> LakeColumn:
    table_ref, _, column_name = column["from"].rpartition(".")
    if table_ref not in upstream:
        raise ManifestResolutionError(ref, f'inherits "{column["from"]}", which is not a column of its upstream tables')
    origin = tables[table_ref].column(column_name)
    return LakeColumn(
        id=column["id"],
        name=column.get("name", origin.name),
        type=origin.type,
        nullable=column.get("nullable", origin.nullable),
        origin="inherited",
    )
