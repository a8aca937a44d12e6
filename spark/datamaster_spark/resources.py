"""Where the lake manifest's files are: the table JSON and the transform SQL of libs/lake-manifest.

In the repository they are read from libs/lake-manifest itself, so the Spark jobs can never run a stale copy.
The EMR dependencies archive (``nx run spark:package``) carries them inside the package, under
``datamaster_spark/lake_manifest/``; that copy wins when present. Both are read through importlib.resources,
which also reads files inside the zip that ``--py-files`` puts on the path.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from datamaster_spark.errors import LakeManifestFilesError

if TYPE_CHECKING:
    from importlib.abc import Traversable

PACKAGED_DIR = "lake_manifest"
REPO_MANIFEST_DIR = Path(__file__).resolve().parents[2] / "libs" / "lake-manifest"
TABLES_DIR = "tables"
TRANSFORMS_DIR = "transforms"


@cache
def manifest_root() -> Traversable:
    """The folder holding ``tables/`` and ``transforms/``: the packaged copy, else the repository's."""
    packaged = resources.files("datamaster_spark").joinpath(PACKAGED_DIR)
    if packaged.is_dir():
        return packaged
    if (REPO_MANIFEST_DIR / TABLES_DIR).is_dir():
        return REPO_MANIFEST_DIR
    raise LakeManifestFilesError(str(packaged), str(REPO_MANIFEST_DIR))


def read_text(*parts: str) -> str:
    """A manifest file's text, e.g. ``read_text("transforms", "silver", "merge.sql")``."""
    return manifest_root().joinpath(*parts).read_text(encoding="utf-8")


def table_files() -> list[tuple[str, str]]:
    """Every table file as (path relative to the manifest root, text), ``tables/lake.json`` included, sorted."""
    found: list[tuple[str, str]] = []

    def walk(folder: Traversable, prefix: str) -> None:
        for entry in folder.iterdir():
            path = f"{prefix}/{entry.name}"
            if entry.is_dir():
                walk(entry, path)
            elif entry.name.endswith(".json"):
                found.append((path, entry.read_text(encoding="utf-8")))

    walk(manifest_root().joinpath(TABLES_DIR), TABLES_DIR)
    return sorted(found)
