"""Where a local lake home (libs/lake-home) keeps its Iceberg catalog, read from its config.json."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from datamaster_spark.errors import LakeHomeError

CONFIG_FILE = "config.json"


@dataclass(frozen=True)
class LakeCatalog:
    """The SQLite catalog file and the warehouse (file:// URI of the lake folder) of one lake home."""

    sqlite_path: Path
    warehouse: str


def lake_catalog(home: Path | str) -> LakeCatalog:
    """The catalog of the lake home at ``home``; its config stores paths relative to the home."""
    root = Path(home).resolve()
    config_path = root / CONFIG_FILE
    try:
        catalog = json.loads(config_path.read_text(encoding="utf-8"))["catalog"]
        sqlite_path, warehouse = catalog["sqlitePath"], catalog["warehouse"]
    except FileNotFoundError as error:
        raise LakeHomeError(config_path, "missing: create the home with `datamaster init`") from error
    except (KeyError, TypeError, json.JSONDecodeError) as error:
        raise LakeHomeError(config_path, f"has no catalog.sqlitePath/catalog.warehouse ({error!r})") from error
    return LakeCatalog(sqlite_path=root / sqlite_path, warehouse=(root / warehouse).as_uri())
