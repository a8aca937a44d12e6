"""The lake manifest (libs/lake-manifest) as the Spark engine needs it: where each table lives in the catalog."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from datamaster_spark.errors import UnknownLayerError
from datamaster_spark.session import CATALOG_NAME

MANIFEST_DIR = Path(__file__).resolve().parents[2] / "libs" / "lake-manifest"


@cache
def _databases(manifest_dir: Path) -> dict[str, str]:
    return json.loads((manifest_dir / "tables" / "lake.json").read_text(encoding="utf-8"))["databases"]


def catalog_table(ref: str, manifest_dir: Path = MANIFEST_DIR) -> str:
    """``silver.review`` → ``datamaster.dm_silver.review``: the layer's database is the catalog namespace."""
    layer, name = ref.split(".", 1)
    databases = _databases(manifest_dir)
    if layer not in databases:
        raise UnknownLayerError(ref, sorted(databases))
    return f"{CATALOG_NAME}.{databases[layer]}.{name}"
