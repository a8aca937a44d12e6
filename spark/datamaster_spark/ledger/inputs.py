"""What callers hand the ledger, checked before any write as libs/control-ledger/src/input.ts checks it, so bad
input fails with every problem named and the ledger unchanged."""

from __future__ import annotations

import re
from typing import Any

from datamaster_spark.ledger.errors import LedgerInputError

CATALOG_LAYERS = ("bronze", "silver", "gold")
OBJECT_FORMATS = ("csv", "ndjson", "parquet", "iceberg")
LEDGER_STATUSES = ("pending", "running", "succeeded", "failed", "dead")
MAX_PAGE_SIZE = 1000
_SHA256 = re.compile("[0-9a-f]{64}")

_REGISTER_TEXT = ("table", "objectKey", "etag", "source")
_REGISTER_COUNTS = ("objectSize",)
_OUTCOME_COUNTS = ("rowsIn", "rowsOut", "rowsQuarantined", "bytesIn", "bytesOut")


def _text(value: Any) -> bool:
    # Not trimmed: a key with spaces is a valid, different S3 key, and the record id is derived from it.
    return isinstance(value, str) and value.strip() != ""


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _attributes(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())


def _check(what: str, problems: list[str]) -> None:
    if problems:
        raise LedgerInputError(what, problems)


def check_register(fields: dict[str, Any]) -> None:
    allowed = {"layer", "format", "estimatedRecords", "maxAttempts", "attributes", *_REGISTER_TEXT, *_REGISTER_COUNTS}
    problems = [f"{k}: unknown field" for k in fields if k not in allowed]
    if fields.get("layer") not in CATALOG_LAYERS:
        problems.append(f"layer: expected one of {', '.join(CATALOG_LAYERS)}, got {fields.get('layer')!r}")
    if fields.get("format") not in OBJECT_FORMATS:
        problems.append(f"format: expected one of {', '.join(OBJECT_FORMATS)}, got {fields.get('format')!r}")
    problems += [f"{k}: must be a non-blank string" for k in _REGISTER_TEXT if not _text(fields.get(k))]
    problems += [f"{k}: must be a non-negative integer" for k in _REGISTER_COUNTS if not _count(fields.get(k))]
    if "estimatedRecords" in fields and not _count(fields["estimatedRecords"]):
        problems.append("estimatedRecords: must be a non-negative integer")
    if "maxAttempts" in fields and not (_count(fields["maxAttempts"]) and fields["maxAttempts"] >= 1):
        problems.append("maxAttempts: must be an integer of at least 1")
    if "attributes" in fields and not _attributes(fields["attributes"]):
        problems.append("attributes: must map strings to strings")
    _check("ledger registration", problems)


def check_claim(owner: Any, lease_ms: Any, compute_target: Any, execution_id: Any) -> None:
    problems = [] if _text(owner) else ["owner: must be a non-blank string"]
    if not (_count(lease_ms) and lease_ms > 0):
        problems.append(f"leaseMs: must be a positive integer, got {lease_ms!r}")
    problems += [
        f"{name}: must be a non-blank string"
        for name, value in (("computeTarget", compute_target), ("executionId", execution_id))
        if value is not None and not _text(value)
    ]
    _check("claim options", problems)


def check_outcome(owner: Any, outcome: dict[str, Any]) -> None:
    allowed = {
        "checksum",
        "outputKeys",
        "quarantineKey",
        "executionId",
        "computeTarget",
        "attributes",
        *_OUTCOME_COUNTS,
    }
    problems = [] if _text(owner) else ["owner: must be a non-blank string"]
    problems += [f"{k}: unknown field" for k in outcome if k not in allowed]
    problems += [f"{k}: must be a non-negative integer" for k in _OUTCOME_COUNTS if not _count(outcome.get(k))]
    if not (isinstance(outcome.get("checksum"), str) and _SHA256.fullmatch(outcome["checksum"])):
        problems.append("checksum: must be a SHA-256 digest in lowercase hex (64 characters)")
    keys = outcome.get("outputKeys")
    if not (isinstance(keys, list) and all(_text(k) for k in keys)):
        problems.append("outputKeys: must be a list of non-blank strings")
    problems += [
        f"{k}: must be a non-blank string"
        for k in ("quarantineKey", "executionId", "computeTarget")
        if k in outcome and not _text(outcome[k])
    ]
    if "attributes" in outcome and not _attributes(outcome["attributes"]):
        problems.append("attributes: must map strings to strings")
    _check("run outcome", problems)


def check_listing(table: Any, status: Any, layer: Any, limit: Any) -> None:
    problems = [] if _text(table) else ["table: must be a non-blank string"]
    if status is not None and status not in LEDGER_STATUSES:
        problems.append(f"status: expected one of {', '.join(LEDGER_STATUSES)}, got {status!r}")
    if layer is not None and layer not in CATALOG_LAYERS:
        problems.append(f"layer: expected one of {', '.join(CATALOG_LAYERS)}, got {layer!r}")
    if not (_count(limit) and 1 <= limit <= MAX_PAGE_SIZE):
        problems.append(f"limit: must be an integer from 1 to {MAX_PAGE_SIZE}, got {limit!r}")
    _check("list options", problems)
