"""Errors of the Spark engine: each message names the offending value and the fix."""

from __future__ import annotations

from pathlib import Path


class MissingJarsError(RuntimeError):
    def __init__(self, jars_dir: Path) -> None:
        super().__init__(
            f"no Iceberg/SQLite jars in {jars_dir}: run spark/setup.sh (or `npx nx run spark:setup`) first"
        )


class CatalogNotFoundError(FileNotFoundError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"no SQLite Iceberg catalog at {path}: point sqlite_path at <lake home>/catalog/iceberg_catalog.db "
            "of a lake home that `datamaster init` (or `datamaster demo`) has created"
        )


class InvalidSessionOptionError(ValueError):
    def __init__(self, option: str, value: object, expected: str) -> None:
        super().__init__(f"build_session: {option}={value!r} is not valid: expected {expected}")


class SessionAlreadyActiveError(RuntimeError):
    def __init__(self, app_name: str) -> None:
        super().__init__(
            f"a SparkSession ({app_name!r}) is already running in this process: its jars and catalog cannot change; "
            "stop it (spark.stop()) before building another, or reuse it"
        )


class LakeHomeError(ValueError):
    def __init__(self, config_path: Path, problem: str) -> None:
        super().__init__(f"lake home config {config_path} {problem}")


class UnknownLayerError(ValueError):
    def __init__(self, ref: str, layers: list[str]) -> None:
        super().__init__(f"table {ref!r}: unknown layer; the lake manifest's layers are {', '.join(layers)}")
