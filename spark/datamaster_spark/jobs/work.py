"""A job's share of the ledger (libs/lakehouse/src/work/claim-due-work.ts): the due records of one
(layer, table), claimed under one lease owner, then all succeeded together after the commit, or all failed with
the job's error (and retried later)."""

from __future__ import annotations

from typing import Any, Callable

from datamaster_spark.jobs.context import COMPUTE_TARGET, JobContext, JobRequest
from datamaster_spark.jobs.iceberg_io import Commit
from datamaster_spark.ledger import ControlLedger, LedgerConflictError, LedgerRecord, iso

_PAGE_SIZE = 1000


def lease_owner(request: JobRequest) -> str:
    return f"{request.execution_id}/{request.ref}"


def due_records(ledger: ControlLedger, layer: str, table: str, limit: int, now: int) -> list[LedgerRecord]:
    """Pending, and failed whose next attempt has come, oldest registration first, at most ``limit``."""
    due: list[LedgerRecord] = []
    now_iso = iso(now)
    for status in ("pending", "failed"):
        start = None
        while True:
            page, start = ledger.list_page(table, layer=layer, status=status, limit=_PAGE_SIZE, start=start)
            # ISO-8601 with milliseconds and Z compares as text, as the TypeScript side compares it.
            due += [
                r for r in page if r["status"] == "pending" or ("nextAttemptAt" in r and r["nextAttemptAt"] <= now_iso)
            ]
            if start is None or len(due) >= limit:
                break
    # Stable, so records registered in the same millisecond keep the order the index gave.
    return sorted(due, key=lambda r: r["registeredAt"])[:limit]


def claim_due_work(ctx: JobContext, request: JobRequest, now: int | None = None) -> list[LedgerRecord]:
    """Recovers expired leases (a crashed job's records become due again), then claims what is due; records
    another runner claimed meanwhile are left to it."""
    at = ctx.ledger.clock() if now is None else now
    ctx.ledger.recover_expired_leases(at)
    claimed: list[LedgerRecord] = []
    for record in due_records(ctx.ledger, request.layer, request.table, ctx.max_records_per_run, at):
        try:
            claimed.append(
                ctx.ledger.claim(
                    record["recordId"],
                    owner=lease_owner(request),
                    lease_ms=ctx.lease_ms,
                    now=at,
                    compute_target=COMPUTE_TARGET,
                    execution_id=request.execution_id,
                )
            )
        except LedgerConflictError:
            continue
    return claimed


def succeed_committed_work(
    ledger: ControlLedger,
    records: list[LedgerRecord],
    request: JobRequest,
    commit: Commit,
    counts: Callable[[LedgerRecord], dict[str, Any]],
) -> None:
    """Succeeds every record with its own ``counts`` (rowsIn, rowsOut, bytesIn, bytesOut, checksum) and what the
    commit gives them all: the metadata file, the snapshot id, this execution and engine."""
    for record in records:
        own = counts(record)
        outcome = {
            "rowsIn": own["rowsIn"],
            "rowsOut": own["rowsOut"],
            "rowsQuarantined": 0,
            "bytesIn": own["bytesIn"],
            "bytesOut": own["bytesOut"],
            "checksum": own["checksum"],
            "outputKeys": [commit.metadata_location],
            "executionId": request.execution_id,
            "computeTarget": COMPUTE_TARGET,
            "attributes": {"snapshotId": str(commit.snapshot_id)},
        }
        ledger.succeed(record["recordId"], lease_owner(request), outcome)


def fail_work(ledger: ControlLedger, records: list[LedgerRecord], owner: str, message: str) -> None:
    for record in records:
        ledger.fail(record["recordId"], owner, message)
