"""The control ledger's operations the Spark jobs need, on the DynamoDB table the TypeScript ledger
(libs/control-ledger) owns: the same items, indexes, conditional writes and transitions, so either side can read
and move records the other wrote. Reads use the two GSIs only; every write re-reads the record first
(consistently) and applies with one UpdateItem conditional on the status and version it read."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Callable, Optional

from botocore.exceptions import ClientError

from datamaster_spark.ledger.errors import (
    LedgerAttemptsExhaustedError,
    LedgerConflictError,
    LedgerRecordNotFoundError,
)
from datamaster_spark.ledger.inputs import CATALOG_LAYERS, check_claim, check_listing, check_outcome, check_register
from datamaster_spark.ledger.item import (
    BY_LAYER_STATUS,
    BY_TABLE_STATUS,
    LedgerRecord,
    from_item,
    layer_status_key,
    status_prefix,
    to_item,
)
from datamaster_spark.ledger.timestamps import iso, now_ms
from datamaster_spark.ledger.transitions import (
    Backoff,
    new_record,
    plan_claim,
    plan_fail,
    plan_lease_expiry,
    plan_succeed,
)
from datamaster_spark.ledger.update import transition_update

_SWEEP_PAGE_SIZE = 100
# Start key of the next page; None when the listing is complete.
PageKey = Optional[dict[str, Any]]


class ControlLedger:
    def __init__(
        self,
        client: Any,
        table_name: str,
        clock: Callable[[], int] = now_ms,
        backoff: Backoff | None = None,
    ) -> None:
        """``client`` is a boto3 DynamoDB client; ``clock`` gives epoch milliseconds (tests move it forward)."""
        self.client = client
        self.table_name = table_name
        self.clock = clock
        self.backoff = backoff or Backoff()

    def register(self, **fields: Any) -> tuple[LedgerRecord, bool]:
        """Records an object version as pending work, once: returns the stored record and whether this created it.

        Fields are RegisterInput's: layer, table, objectKey, etag, objectSize, format, source, and optionally
        estimatedRecords, maxAttempts, attributes.
        """
        check_register(fields)
        record = new_record(fields, self.clock())
        try:
            self.client.put_item(
                TableName=self.table_name, Item=to_item(record), ConditionExpression="attribute_not_exists(recordId)"
            )
            return record, True
        except ClientError as error:
            if not _condition_failed(error):
                raise
            return self._require(record["recordId"]), False

    def get(self, record_id: str) -> LedgerRecord | None:
        answer = self.client.get_item(
            TableName=self.table_name, Key={"recordId": {"S": record_id}}, ConsistentRead=True
        )
        item = answer.get("Item")
        return None if item is None else from_item(item)

    def claim(
        self,
        record_id: str,
        *,
        owner: str,
        lease_ms: int,
        now: int | None = None,
        compute_target: str | None = None,
        execution_id: str | None = None,
    ) -> LedgerRecord:
        """Starts an attempt: from pending, from failed once due, or from running once the lease expired (the
        crashed attempt counts as failed; if it was the last one the record goes dead and this raises)."""
        check_claim(owner, lease_ms, compute_target, execution_id)
        at = self.clock() if now is None else now
        record = self._apply(
            record_id,
            "claim",
            lambda current: plan_claim(
                current,
                owner=owner,
                lease_ms=lease_ms,
                now=at,
                backoff=self.backoff,
                compute_target=compute_target,
                execution_id=execution_id,
            ),
        )
        if record["status"] == "dead":
            raise LedgerAttemptsExhaustedError(
                record_id, record["attempts"], record["maxAttempts"], record.get("lastError")
            )
        return record

    def succeed(self, record_id: str, owner: str, outcome: dict[str, Any]) -> LedgerRecord:
        """``outcome`` is RunOutcome's: rowsIn, rowsOut, rowsQuarantined, bytesIn, bytesOut, checksum, outputKeys,
        and optionally quarantineKey, executionId, computeTarget, attributes (merged into the record's)."""
        check_outcome(owner, outcome)
        return self._apply(record_id, "succeed", lambda current: plan_succeed(current, owner, outcome, self.clock()))

    def fail(self, record_id: str, owner: str | None, message: str, now: int | None = None) -> LedgerRecord:
        """Failed with a backoff while attempts remain, else dead. No owner: any running attempt."""
        at = self.clock() if now is None else now
        return self._apply(record_id, "fail", lambda current: plan_fail(current, owner, str(message), at, self.backoff))

    def recover_expired_leases(self, now: int | None = None) -> list[LedgerRecord]:
        """Ends every running attempt whose lease has expired, in every layer, as a failed attempt."""
        at = self.clock() if now is None else now
        changed: list[LedgerRecord] = []
        for layer in CATALOG_LAYERS:
            running = layer_status_key(layer, "running")
            query = _index_query(self.table_name, BY_LAYER_STATUS, running, ("<=", iso(at)), newest_first=False)
            for candidate in self._query_all(query):
                # Index entries lag the table and records change meanwhile: those no longer expired are skipped.
                try:
                    changed.append(
                        self._apply(candidate["recordId"], "recover", lambda c: plan_lease_expiry(c, at, self.backoff))
                    )
                except LedgerConflictError:
                    continue
        return changed

    def list_page(
        self,
        table: str,
        *,
        status: str | None = None,
        layer: str | None = None,
        limit: int = 50,
        start: PageKey = None,
    ) -> tuple[list[LedgerRecord], PageKey]:
        """A table's records, newest registration first within a status (``list`` of the TypeScript ledger):
        at most ``limit``, and the key to continue from."""
        check_listing(table, status, layer, limit)
        query = _index_query(
            self.table_name,
            BY_TABLE_STATUS,
            table,
            None if status is None else ("begins_with", status_prefix(status)),
            newest_first=True,
            layer=layer,
        )
        records: list[LedgerRecord] = []
        while True:
            page = self.client.query(**query, Limit=limit - len(records), **_start(start))
            records += [from_item(item) for item in page.get("Items", [])]
            start = page.get("LastEvaluatedKey")
            if start is None or len(records) >= limit:
                return records, start

    def _query_all(self, query: dict[str, Any]) -> Iterator[LedgerRecord]:
        start: PageKey = None
        while True:
            page = self.client.query(**query, Limit=_SWEEP_PAGE_SIZE, **_start(start))
            yield from (from_item(item) for item in page.get("Items", []))
            start = page.get("LastEvaluatedKey")
            if start is None:
                return

    def _require(self, record_id: str) -> LedgerRecord:
        record = self.get(record_id)
        if record is None:
            raise LedgerRecordNotFoundError(record_id, self.table_name)
        return record

    def _apply(self, record_id: str, operation: str, plan: Callable[[LedgerRecord], LedgerRecord]) -> LedgerRecord:
        current = self._require(record_id)
        following = plan(current)
        try:
            answer = self.client.update_item(**transition_update(self.table_name, current, following))
        except ClientError as error:
            if not _condition_failed(error):
                raise
            latest = self._require(record_id)
            raise LedgerConflictError(
                record_id,
                operation,
                [current["status"]],
                latest["status"],
                f"another writer changed it while this call ran (version {current['version']} → {latest['version']}); "
                f"read it again and retry if the {operation} still applies",
            ) from error
        attributes = answer.get("Attributes")
        return following if attributes is None else from_item(attributes)


def _condition_failed(error: ClientError) -> bool:
    return error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException"


def _start(key: PageKey) -> dict[str, Any]:
    return {} if key is None else {"ExclusiveStartKey": key}


def _index_query(
    table_name: str,
    index: dict[str, str],
    hash_value: str,
    key_range: tuple[str, str] | None,
    *,
    newest_first: bool,
    layer: str | None = None,
) -> dict[str, Any]:
    """The Query input of libs/control-ledger/src/query.ts (queryInput)."""
    names = {"#hash": index["hashKey"]}
    values: dict[str, Any] = {":hash": {"S": hash_value}}
    condition = "#hash = :hash"
    if key_range is not None:
        op, value = key_range
        names["#range"] = index["rangeKey"]
        values[":range"] = {"S": value}
        condition += " AND begins_with(#range, :range)" if op == "begins_with" else " AND #range <= :range"
    query: dict[str, Any] = {
        "TableName": table_name,
        "IndexName": index["indexName"],
        "KeyConditionExpression": condition,
        "ExpressionAttributeNames": names,
        "ExpressionAttributeValues": values,
        "ScanIndexForward": not newest_first,
    }
    if layer is not None:
        names["#filter"] = "layer"
        values[":filter"] = {"S": layer}
        query["FilterExpression"] = "#filter = :filter"
    return query
