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
        super().__init__(f"table {ref!r}: unknown layer; the lake contract's catalog layers are {', '.join(layers)}")


class ContractDocumentError(ValueError):
    def __init__(self, where: str, problem: str) -> None:
        super().__init__(
            f"lake contract document {where} {problem}; regenerate it with `npx nx run lake-contract:export`"
        )


class UnknownTableError(ValueError):
    def __init__(self, ref: str, known: list[str]) -> None:
        super().__init__(f'unknown lake table "{ref}"; known tables: {", ".join(known)}')


class UnknownColumnError(ValueError):
    def __init__(self, ref: str, name: str, known: list[str]) -> None:
        super().__init__(f'{ref} has no column "{name}" (it has: {", ".join(known)})')


class MissingTransformError(ValueError):
    def __init__(self, ref: str, known: list[str]) -> None:
        super().__init__(
            f'the lake contract has no transform SQL for "{ref}"; tables with transforms: {", ".join(known)}'
        )


class LakeTableMissingError(LookupError):
    def __init__(self, name: str) -> None:
        super().__init__(
            f"the Iceberg table {name} does not exist: the lake's tables are created from the manifest (locally by "
            "any `datamaster process`, `tables` or `query` on the lake home; on AWS by the deployment), never by a job"
        )


class CommitRetriesExhaustedError(RuntimeError):
    def __init__(self, name: str, attempts: int, last: object) -> None:
        super().__init__(
            f"{name}: other writers changed the partitions this job rewrites during each of {attempts} attempts; "
            f"run the job again (the state machine retries its work later). Last conflict: {last}"
        )


class CommitNotFoundError(RuntimeError):
    def __init__(self, name: str, prop: str, value: str) -> None:
        super().__init__(
            f"{name}: the overwrite returned, but no snapshot carries {prop}={value}: another catalog client may "
            "have replaced the table's metadata; run the job again"
        )


class BronzeFileWithoutFieldIdsError(ValueError):
    """Bronze columns are matched by field id; a file without any would read every column as null."""

    def __init__(self, location: str) -> None:
        super().__init__(
            f"bronze file {location} has no Parquet field ids, so its columns cannot be matched to the manifest's "
            "and nothing was read; bronze files are written with field ids by `datamaster ingest` and the bronze "
            "workers: ingest its extract again"
        )


class NotProcessableTableError(ValueError):
    def __init__(self, ref: str, known: list[str]) -> None:
        super().__init__(f'"{ref}" is not a table the engine builds. Tables it builds: {", ".join(known)}')


class JobFailedError(RuntimeError):
    """The job failed: ``<ref>: <cause>``, which the state machine's FailWork records on the job's ledger records."""

    def __init__(self, ref: str, cause: BaseException) -> None:
        self.ref = ref
        super().__init__(f"{ref}: {_reason(cause)}")


def _reason(cause: BaseException) -> str:
    """A JVM error's exception chain without its stack traces (which would fill the ledger's 4 KB of message)."""
    java = getattr(cause, "java_exception", None)
    if java is None:
        return str(cause)
    try:
        chain: list[str] = []
        while java is not None and len(chain) < 5:
            text = str(java.toString())
            if text not in chain:
                chain.append(text)
            java = java.getCause()
        return " <- caused by ".join(chain)
    except Exception:
        # The JVM may be gone by now (a crashed driver): the Python side's text is all there is.
        return str(cause)


class InvalidJobRequestError(ValueError):
    def __init__(self, line: str, cause: Exception) -> None:
        super().__init__(
            f"job request {line.strip()[:200]!r} is not valid ({cause}): send one JSON object per line with "
            'id, layer, table, executionId and work, e.g. {"id": "1", "layer": "silver", "table": "review", '
            '"executionId": "local-1", "work": "work/silver/review/<workId>.json"}'
        )


class WorkFileError(ValueError):
    """A work file that cannot be read, or that is not the work of the job it was passed to."""

    def __init__(self, location: str, problem: str) -> None:
        super().__init__(f"work file {location} {problem}")
