"""What a local lake home (libs/lake-home) keeps where, read from its config.json (paths relative to the home)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from datamaster_spark.errors import LakeHomeError

CONFIG_FILE = "config.json"
# An absolute location keeps its spelling, as libs/lake-home's toHome() keeps it.
_URI = re.compile(r"^[a-z][a-z0-9+.-]*://")


@dataclass(frozen=True)
class LakeCatalog:
    """The SQLite catalog file and the warehouse (file:// URI of the lake folder) of one lake home."""

    sqlite_path: Path
    warehouse: str


@dataclass(frozen=True)
class LakeHomeConfig:
    catalog: LakeCatalog
    # Where object keys resolve (bronze/, work/…): file:///<folder> or s3://bucket[/prefix].
    storage_root: str


def lake_catalog(home: Path | str) -> LakeCatalog:
    """The catalog of the lake home at ``home``."""
    return lake_home_config(home).catalog


def lake_home_config(home: Path | str) -> LakeHomeConfig:
    root = Path(home).resolve()
    config_path = root / CONFIG_FILE
    config = _read(config_path)
    try:
        catalog = config["catalog"]
        sqlite_path, warehouse = catalog["sqlitePath"], catalog["warehouse"]
    except (KeyError, TypeError) as error:
        raise LakeHomeError(config_path, f"has no catalog.sqlitePath/catalog.warehouse ({error!r})") from error
    try:
        storage = config["storage"]["uri"]
    except (KeyError, TypeError) as error:
        raise LakeHomeError(config_path, f"has no storage.uri ({error!r})") from error
    # Hadoop paths take the folder as written; a percent-encoded URI would name another folder.
    storage_root = storage if _URI.match(storage) else f"file://{root / storage}"
    return LakeHomeConfig(
        catalog=LakeCatalog(sqlite_path=root / sqlite_path, warehouse=(root / warehouse).as_uri()),
        storage_root=storage_root,
    )


def _read(config_path: Path) -> Any:
    try:
        return json.loads(config_path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise LakeHomeError(config_path, "missing: create the home with `datamaster init`") from error
    except json.JSONDecodeError as error:
        raise LakeHomeError(config_path, f"is not valid JSON ({error})") from error
