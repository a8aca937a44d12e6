"""The Python control ledger writes the very items the TypeScript ledger (libs/control-ledger) writes, and each
side reads and moves the records the other wrote. The TypeScript side is the real library (tests/ts_driver.py),
both on one embedded DynamoDB-API server; each script runs at fixed instants on both sides."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from datamaster_spark.jobs.work import due_records
from datamaster_spark.ledger import (
    ControlLedger,
    LedgerConflictError,
    LedgerInputError,
    iso,
    ledger_record_id,
    open_ledger,
    parse_iso,
)
from ledger_server import LedgerServer
from ts_driver import TsDriver

T0 = parse_iso("2024-06-01T12:00:00.000Z") or 0
LEASE_MS = 60_000
OWNER = "exec-1/silver.brewery"
INPUT = {
    "layer": "silver",
    "table": "brewery",
    # Non-ASCII and spaces in the key, quotes around the ETag: the id must not depend on how either side spells them.
    "objectKey": "bronze/brewery/ingest_date=2024-06-01/bière à 5 €.parquet",
    "etag": '"5d41402abc4b2a76b9719d911017c592"',
    "objectSize": 2048,
    "format": "parquet",
    "source": "bronze",
    "estimatedRecords": 12,
    "attributes": {"origin": "test"},
}
OUTCOME = {
    "rowsIn": 12,
    "rowsOut": 12,
    "rowsQuarantined": 0,
    "bytesIn": 2048,
    "bytesOut": 0,
    "checksum": "ab" * 32,
    "outputKeys": ["file:///lake/silver/brewery/metadata/00003.metadata.json"],
    "executionId": "exec-1",
    "computeTarget": "spark",
    "attributes": {"snapshotId": "9007199254740993"},
}
_tables = itertools.count()


def _table_name(prefix: str) -> str:
    return f"{prefix}-{next(_tables)}"


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> int:
        return self.now


def _python_ledger(server: LedgerServer, table_name: str, clock: Clock) -> ControlLedger:
    assert server.endpoint is not None
    ledger = open_ledger(server.endpoint, table_name)
    ledger.clock = clock
    return ledger


def _run_python(ledger: ControlLedger, clock: Clock, steps: list[dict[str, Any]]) -> list[Any]:
    """The driver's steps, on the Python ledger; conflicts answered as the driver answers them."""
    results: list[Any] = []
    for step in steps:
        clock.now = parse_iso(step["now"]) or 0
        try:
            if step["op"] == "register":
                record, created = ledger.register(**step["input"])
                results.append({"record": record, "created": created})
            elif step["op"] == "claim":
                options = step["options"]
                results.append(
                    ledger.claim(
                        step["recordId"],
                        owner=options["owner"],
                        lease_ms=options["leaseMs"],
                        now=clock.now,
                        compute_target=options.get("computeTarget"),
                        execution_id=options.get("executionId"),
                    )
                )
            elif step["op"] == "succeed":
                results.append(ledger.succeed(step["recordId"], step["owner"], step["outcome"]))
            elif step["op"] == "fail":
                results.append(ledger.fail(step["recordId"], step.get("owner"), step["message"], clock.now))
            elif step["op"] == "recover":
                results.append(ledger.recover_expired_leases(clock.now))
            else:
                raise AssertionError(f"unknown step {step['op']}")
        except LedgerConflictError as error:
            results.append({"conflict": str(error)})
    return results


def _story(record_id: str) -> list[dict[str, Any]]:
    """Every transition a Spark job makes, including the unhappy ones, at fixed instants."""
    claim = {"owner": OWNER, "leaseMs": LEASE_MS, "computeTarget": "spark", "executionId": "exec-1"}
    long_error = "ünïcödé failure " * 400  # over 4 KB of UTF-8: cut on a character boundary, marked
    at = lambda ms: iso(T0 + ms)  # noqa: E731
    return [
        {"op": "register", "now": at(0), "input": INPUT},
        {"op": "register", "now": at(5), "input": INPUT},
        {"op": "claim", "now": at(10), "recordId": record_id, "options": claim},
        {"op": "fail", "now": at(1_010), "recordId": record_id, "owner": OWNER, "message": long_error},
        {"op": "claim", "now": at(2_000), "recordId": record_id, "options": claim},
        {"op": "claim", "now": at(3_010), "recordId": record_id, "options": claim},
        {"op": "claim", "now": at(4_000), "recordId": record_id, "options": claim},
        {"op": "recover", "now": at(4_000 + LEASE_MS)},
        {"op": "claim", "now": at(8_000 + LEASE_MS), "recordId": record_id, "options": {**claim, "owner": "exec-2/x"}},
        {"op": "succeed", "now": at(9_500 + LEASE_MS), "recordId": record_id, "owner": OWNER, "outcome": OUTCOME},
        {"op": "succeed", "now": at(9_900 + LEASE_MS), "recordId": record_id, "owner": "exec-2/x", "outcome": OUTCOME},
    ]


def test_record_ids_are_derived_as_the_typescript_ledger_derives_them(ts_driver: TsDriver, ledger_server: LedgerServer):
    assert ledger_server.endpoint is not None
    keys = ["bronze/review/a.parquet", "bronze/review/bière à 5 €.parquet", 'quote"d\\key', "tab\tnew\nline"]
    steps = [
        {"op": "register", "now": iso(T0), "input": {**INPUT, "objectKey": key, "etag": etag}}
        for key in keys
        for etag in ("abc", '"abc"')
    ]
    theirs = ts_driver.ledger(ledger_server.endpoint.endpoint or "", "us-east-1", _table_name("ids"), steps)
    assert [r["record"]["recordId"] for r in theirs] == [
        ledger_record_id("silver", s["input"]["objectKey"], s["input"]["etag"]) for s in steps
    ]
    assert {r["record"]["etag"] for r in theirs} == {"abc"}


def test_each_transition_writes_the_item_the_typescript_ledger_writes(ts_driver: TsDriver, ledger_server: LedgerServer):
    assert ledger_server.endpoint is not None
    ts_table, py_table = _table_name("ts-story"), _table_name("py-story")
    record_id = ledger_record_id(INPUT["layer"], INPUT["objectKey"], INPUT["etag"])
    steps = _story(record_id)
    theirs = ts_driver.ledger(ledger_server.endpoint.endpoint or "", "us-east-1", ts_table, steps)
    ts_driver.ledger(ledger_server.endpoint.endpoint or "", "us-east-1", py_table, [])  # creates the table
    clock = Clock()
    ours = _run_python(_python_ledger(ledger_server, py_table, clock), clock, steps)

    assert ours == theirs
    # The story went where it should: a retry not yet due, a lease held, a recovered lease, a foreign owner.
    conflicts = [("conflict" in r) if isinstance(r, dict) else None for r in ours]
    assert conflicts[3:] == [False, True, False, True, None, False, True, False]
    assert ours[7][0]["lastError"]["message"] == f"lease expired (owner {OWNER})"
    assert ours[-1]["status"] == "succeeded"
    assert ours[-1]["attempts"] == 3
    assert ours[3]["lastError"]["message"].endswith(" … [truncated]")
    assert len(ours[3]["lastError"]["message"].encode()) <= 4096

    client = _python_ledger(ledger_server, py_table, clock).client
    raw = {t: client.get_item(TableName=t, Key={"recordId": {"S": record_id}})["Item"] for t in (ts_table, py_table)}
    assert raw[py_table] == raw[ts_table]
    assert raw[py_table]["statusRegisteredAt"] == {"S": f"succeeded#{iso(T0)}"}
    assert raw[py_table]["layerStatus"] == {"S": "silver#succeeded"}


def test_a_record_reaches_dead_on_both_sides_alike(ts_driver: TsDriver, ledger_server: LedgerServer):
    assert ledger_server.endpoint is not None
    record_id = ledger_record_id(INPUT["layer"], INPUT["objectKey"], INPUT["etag"])
    claim = {"owner": OWNER, "leaseMs": LEASE_MS}
    steps = [{"op": "register", "now": iso(T0), "input": {**INPUT, "maxAttempts": 2}}]
    for attempt in range(2):
        at = T0 + attempt * 10_000
        steps += [
            {"op": "claim", "now": iso(at + 5_000), "recordId": record_id, "options": claim},
            {
                "op": "fail",
                "now": iso(at + 6_000),
                "recordId": record_id,
                "owner": OWNER,
                "message": f"failure {attempt}",
            },
        ]
    ts_table, py_table = _table_name("ts-dead"), _table_name("py-dead")
    theirs = ts_driver.ledger(ledger_server.endpoint.endpoint or "", "us-east-1", ts_table, steps)
    ts_driver.ledger(ledger_server.endpoint.endpoint or "", "us-east-1", py_table, [])
    clock = Clock()
    ours = _run_python(_python_ledger(ledger_server, py_table, clock), clock, steps)
    assert ours == theirs
    assert ours[-1]["status"] == "dead"
    assert "nextAttemptAt" not in ours[-1]


def test_each_side_moves_records_the_other_wrote(ts_driver: TsDriver, ledger_server: LedgerServer):
    assert ledger_server.endpoint is not None
    endpoint, table = ledger_server.endpoint.endpoint or "", _table_name("shared")
    clock = Clock()
    python = _python_ledger(ledger_server, table, clock)
    record_id = ledger_record_id(INPUT["layer"], INPUT["objectKey"], INPUT["etag"])
    claim = {"owner": OWNER, "leaseMs": LEASE_MS, "computeTarget": "embedded", "executionId": "ts-exec"}
    # TypeScript registers and claims; Python fails the attempt; TypeScript claims the retry once it is due.
    ts_driver.ledger(
        endpoint,
        "us-east-1",
        table,
        [
            {"op": "register", "now": iso(T0), "input": INPUT},
            {"op": "claim", "now": iso(T0 + 1), "recordId": record_id, "options": claim},
        ],
    )
    clock.now = T0 + 100
    failed = python.fail(record_id, OWNER, "python says no")
    assert failed["nextAttemptAt"] == iso(T0 + 100 + 2_000)
    [conflict, retried] = ts_driver.ledger(
        endpoint,
        "us-east-1",
        table,
        [
            {"op": "claim", "now": iso(T0 + 1_000), "recordId": record_id, "options": claim},
            {"op": "claim", "now": iso(T0 + 2_100), "recordId": record_id, "options": claim},
        ],
    )
    assert "next attempt is due at" in conflict["conflict"]
    assert retried["attempts"] == 2
    assert retried["lastError"]["message"] == "python says no"
    # Python succeeds TypeScript's attempt; TypeScript reads the outcome as its own.
    clock.now = T0 + 3_000
    python.succeed(record_id, OWNER, OUTCOME)
    [stored] = ts_driver.ledger(
        endpoint, "us-east-1", table, [{"op": "get", "now": iso(T0 + 3_001), "recordId": record_id}]
    )
    assert stored == python.get(record_id)
    assert stored["status"] == "succeeded"
    assert stored["computeTarget"] == "spark"
    assert stored["durationMs"] == 3_000 - 2_100
    assert stored["attributes"] == {"origin": "test", "snapshotId": "9007199254740993"}


def test_due_work_is_pending_and_failed_whose_next_attempt_has_come_oldest_first(
    ledger_server: LedgerServer, ts_driver: TsDriver
):
    assert ledger_server.endpoint is not None
    table = _table_name("due")
    ts_driver.ledger(ledger_server.endpoint.endpoint or "", "us-east-1", table, [])
    clock = Clock()
    python = _python_ledger(ledger_server, table, clock)

    def register(name: str, at: int, layer: str = "silver") -> str:
        clock.now = at
        record, _ = python.register(**{**INPUT, "layer": layer, "objectKey": f"bronze/brewery/{name}.parquet"})
        return record["recordId"]

    late_pending = register("late-pending", T0 + 5_000)
    early_pending = register("early-pending", T0 + 1_000)
    due_failed, waiting_failed = register("due-failed", T0), register("waiting-failed", T0 + 2_000)
    running = register("running", T0 + 3_000)
    register("other-layer", T0, layer="gold")
    for record_id, fail_at in ((due_failed, T0 + 10_000), (waiting_failed, T0 + 19_000)):
        python.claim(record_id, owner=OWNER, lease_ms=LEASE_MS, now=fail_at)
        python.fail(record_id, OWNER, "retry me", now=fail_at)
    python.claim(running, owner=OWNER, lease_ms=LEASE_MS, now=T0 + 10_000)

    due = due_records(python, "silver", "brewery", limit=10, now=T0 + 12_000)
    assert [r["recordId"] for r in due] == [due_failed, early_pending, late_pending]
    assert [r["recordId"] for r in due_records(python, "silver", "brewery", limit=2, now=T0 + 12_000)] == [
        due_failed,
        early_pending,
    ]


def test_bad_input_is_refused_before_anything_is_written(ledger_server: LedgerServer, ts_driver: TsDriver):
    assert ledger_server.endpoint is not None
    table = _table_name("input")
    ts_driver.ledger(ledger_server.endpoint.endpoint or "", "us-east-1", table, [])
    python = _python_ledger(ledger_server, table, Clock())
    with pytest.raises(
        LedgerInputError, match=r"layer: expected one of bronze, silver, gold, got 'platinum'.*objectSize"
    ):
        python.register(**{**INPUT, "layer": "platinum", "objectSize": -1})
    record, _ = python.register(**INPUT)
    python.claim(record["recordId"], owner=OWNER, lease_ms=LEASE_MS)
    with pytest.raises(LedgerInputError, match="checksum: must be a SHA-256 digest"):
        python.succeed(record["recordId"], OWNER, {**OUTCOME, "checksum": "not-a-digest"})
    assert python.get(record["recordId"])["status"] == "running"  # type: ignore[index]
