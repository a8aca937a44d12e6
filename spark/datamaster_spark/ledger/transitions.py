"""The ledger's state machine as pure functions, ported from libs/control-ledger/src/transitions.ts and
failure.ts: each takes the record as read and returns the record to write, or raises LedgerConflictError.
A change to None removes the field (TypeScript's undefined)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from datamaster_spark.ledger.errors import LedgerConflictError
from datamaster_spark.ledger.item import LedgerRecord
from datamaster_spark.ledger.record_id import ledger_record_id, normalize_etag
from datamaster_spark.ledger.timestamps import iso, parse_iso

DEFAULT_MAX_ATTEMPTS = 3
MAX_ERROR_BYTES = 4096
_TRUNCATION_MARK = " … [truncated]"
_CLAIMABLE = ["pending", "failed", "running"]
_NO_LEASE = {"leaseOwner": None, "leaseExpiresAt": None}
# A new attempt must not show the previous attempt's results as its own.
_NO_OUTCOME = dict.fromkeys(
    ("rowsIn", "rowsOut", "rowsQuarantined", "bytesIn", "bytesOut", "checksum", "outputKeys", "quarantineKey")
)


@dataclass(frozen=True)
class Backoff:
    """Exponential retry delay: base_ms * 2^(attempts - 1), at most cap_ms (DEFAULT_BACKOFF of model.ts)."""

    base_ms: int = 2_000
    cap_ms: int = 300_000


def new_record(fields: dict[str, Any], now: int) -> LedgerRecord:
    at = iso(now)
    return _defined(
        {
            "recordId": ledger_record_id(fields["layer"], fields["objectKey"], fields["etag"]),
            "layer": fields["layer"],
            "table": fields["table"],
            "objectKey": fields["objectKey"],
            "etag": normalize_etag(fields["etag"]),
            "objectSize": fields["objectSize"],
            "format": fields["format"],
            "source": fields["source"],
            "estimatedRecords": fields.get("estimatedRecords"),
            "status": "pending",
            "attempts": 0,
            "maxAttempts": fields.get("maxAttempts", DEFAULT_MAX_ATTEMPTS),
            "registeredAt": at,
            "updatedAt": at,
            "version": 1,
            "attributes": dict(fields.get("attributes") or {}),
        }
    )


def plan_claim(
    record: LedgerRecord,
    *,
    owner: str,
    lease_ms: int,
    now: int,
    backoff: Backoff,
    compute_target: str | None = None,
    execution_id: str | None = None,
) -> LedgerRecord:
    start = record
    if record["status"] == "running":
        if not lease_expired(record, now):
            detail = (
                f"it is leased by {record.get('leaseOwner')} until {record.get('leaseExpiresAt')}; "
                "wait until the lease expires or the worker records its outcome"
            )
            raise conflict(record, "claim", _CLAIMABLE, detail)
        failure = _failure_changes(record, f"lease expired (owner {record.get('leaseOwner')})", now, backoff)
        if failure["status"] == "dead":
            return _written(record, now, failure)
        start = {**record, **failure}
    elif record["status"] == "failed" and (parse_iso(record.get("nextAttemptAt")) or -1) > now:
        detail = (
            f"attempt {record['attempts']} failed and the next attempt is due at {record.get('nextAttemptAt')}; "
            "claim it then"
        )
        raise conflict(record, "claim", _CLAIMABLE, detail)
    elif record["status"] not in ("pending", "failed"):
        raise conflict(record, "claim", _CLAIMABLE, f"it is {record['status']}; reprocess it first to run it again")
    return _written(
        record,
        now,
        {
            **start,
            **_NO_OUTCOME,
            "status": "running",
            "attempts": start["attempts"] + 1,
            "leaseOwner": owner,
            "leaseExpiresAt": iso(now + lease_ms),
            "nextAttemptAt": None,
            "startedAt": iso(now),
            "finishedAt": None,
            "durationMs": None,
            "computeTarget": compute_target,
            "executionId": execution_id,
        },
    )


def plan_succeed(record: LedgerRecord, owner: str, outcome: dict[str, Any], now: int) -> LedgerRecord:
    """The owner may still record its outcome after its lease expired, as long as nobody has taken it over."""
    _require_lease(record, "succeed", owner)
    results = {k: v for k, v in outcome.items() if k not in ("attributes", "executionId", "computeTarget")}
    return _written(
        record,
        now,
        {
            **_NO_LEASE,
            **results,
            **_finished(record, now),
            "status": "succeeded",
            "executionId": outcome.get("executionId", record.get("executionId")),
            "computeTarget": outcome.get("computeTarget", record.get("computeTarget")),
            "attributes": {**record.get("attributes", {}), **(outcome.get("attributes") or {})},
        },
    )


def plan_fail(record: LedgerRecord, owner: str | None, message: str, now: int, backoff: Backoff) -> LedgerRecord:
    """Without an owner (a worker that died without recording its failure), any running attempt is failed."""
    _require_lease(record, "fail", owner)
    return _written(record, now, _failure_changes(record, message, now, backoff))


def plan_lease_expiry(record: LedgerRecord, now: int, backoff: Backoff) -> LedgerRecord:
    if record["status"] != "running" or not lease_expired(record, now):
        detail = f"its lease is not expired at {iso(now)} (lease until {record.get('leaseExpiresAt', 'none')})"
        raise conflict(record, "recover", ["running"], detail)
    return _written(
        record, now, _failure_changes(record, f"lease expired (owner {record.get('leaseOwner')})", now, backoff)
    )


def lease_expired(record: LedgerRecord, now: int) -> bool:
    expires = parse_iso(record.get("leaseExpiresAt"))
    return expires is not None and expires <= now


def retry_delay_ms(attempts: int, backoff: Backoff) -> int:
    return min(backoff.cap_ms, backoff.base_ms * 2 ** max(0, attempts - 1))


def describe_failure(message: str) -> str:
    """A worker may fail with an empty message (still worth recording), or with a huge one (items are ≤ 400 KB)."""
    if message.strip() == "":
        return "the worker failed without an error message"
    if len(message.encode("utf-8")) <= MAX_ERROR_BYTES:
        return message
    budget = MAX_ERROR_BYTES - len(_TRUNCATION_MARK.encode("utf-8"))
    used, end = 0, 0
    for char in message:
        used += len(char.encode("utf-8"))
        if used > budget:
            break
        end += 1
    return message[:end] + _TRUNCATION_MARK


def conflict(record: LedgerRecord, operation: str, expected: list[str], detail: str) -> LedgerConflictError:
    return LedgerConflictError(record["recordId"], operation, expected, record["status"], detail)


def _failure_changes(record: LedgerRecord, message: str, now: int, backoff: Backoff) -> dict[str, Any]:
    exhausted = record["attempts"] >= record["maxAttempts"]
    return {
        **_NO_LEASE,
        **_finished(record, now),
        "status": "dead" if exhausted else "failed",
        "nextAttemptAt": None if exhausted else iso(now + retry_delay_ms(record["attempts"], backoff)),
        "lastError": {"message": describe_failure(message), "at": iso(now), "attempt": record["attempts"]},
    }


def _finished(record: LedgerRecord, now: int) -> dict[str, Any]:
    started = parse_iso(record.get("startedAt"))
    return {"finishedAt": iso(now), "durationMs": None if started is None else now - started}


def _require_lease(record: LedgerRecord, operation: str, owner: str | None) -> None:
    if record["status"] != "running":
        verb = "extended" if operation == "heartbeat" else "ended"
        raise conflict(
            record, operation, ["running"], f"only a running attempt can be {verb}, and this one ended or never started"
        )
    if owner is not None and record.get("leaseOwner") != owner:
        detail = (
            f"it is leased by {record.get('leaseOwner')}, not {owner}: only the lease owner may {operation} it "
            "(the lease may have expired and been taken over)"
        )
        raise conflict(record, operation, ["running"], detail)


def _written(record: LedgerRecord, now: int, changes: dict[str, Any]) -> LedgerRecord:
    return _defined({**record, **changes, "version": record["version"] + 1, "updatedAt": iso(now)})


def _defined(record: dict[str, Any]) -> LedgerRecord:
    return {k: v for k, v in record.items() if v is not None}
