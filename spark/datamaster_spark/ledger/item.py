"""How a record is stored, as libs/control-ledger/src/item.ts stores it: its fields under their own names
(marshalled as @aws-sdk/util-dynamodb does: strings S, numbers N, lists L, objects M), plus the key attributes of
the two indexes, derived from the record on every write."""

from __future__ import annotations

from typing import Any

# A record is plain JSON under the TypeScript field names (LedgerRecord in libs/control-ledger/src/model.ts);
# an absent key is TypeScript's undefined. Keeping the names verbatim is what makes the items identical.
LedgerRecord = dict[str, Any]

BY_LAYER_STATUS = {"indexName": "by-layer-status", "hashKey": "layerStatus", "rangeKey": "dueAt"}
BY_TABLE_STATUS = {"indexName": "by-table-status", "hashKey": "table", "rangeKey": "statusRegisteredAt"}
INDEX_ATTRIBUTES = ("layerStatus", "dueAt", "statusRegisteredAt")


def layer_status_key(layer: str, status: str) -> str:
    return f"{layer}#{status}"


def status_prefix(status: str) -> str:
    return f"{status}#"


def due_at(record: LedgerRecord) -> str:
    """When the record next needs attention: a running one's lease expiry, a failed one's next attempt, else
    since when it has been in its status."""
    if record["status"] == "running" and "leaseExpiresAt" in record:
        return record["leaseExpiresAt"]
    if record["status"] == "failed" and "nextAttemptAt" in record:
        return record["nextAttemptAt"]
    return record["updatedAt"]


def stored_fields(record: LedgerRecord) -> dict[str, Any]:
    """The record and its index attributes, as one plain object."""
    return {
        **record,
        "layerStatus": layer_status_key(record["layer"], record["status"]),
        "dueAt": due_at(record),
        "statusRegisteredAt": f"{status_prefix(record['status'])}{record['registeredAt']}",
    }


def to_attribute(value: Any) -> dict[str, Any]:
    """One value as a DynamoDB AttributeValue, the way convertToAttr writes JSON values."""
    if isinstance(value, bool):
        return {"BOOL": value}
    if isinstance(value, int):
        return {"N": str(value)}
    if isinstance(value, float):
        # JavaScript prints an integral number without a fraction: 2, not 2.0.
        return {"N": str(int(value)) if value.is_integer() else repr(value)}
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, (list, tuple)):
        return {"L": [to_attribute(v) for v in value]}
    if isinstance(value, dict):
        return {"M": {k: to_attribute(v) for k, v in value.items() if v is not None}}
    if value is None:
        return {"NULL": True}
    raise TypeError(f"cannot store {value!r} ({type(value).__name__}) in a ledger record: expected JSON values")


def from_attribute(attribute: dict[str, Any]) -> Any:
    [(kind, value)] = attribute.items()
    if kind == "S" or kind == "BOOL":
        return value
    if kind == "N":
        number = float(value)
        return int(value) if number.is_integer() and "." not in value and "e" not in value.lower() else number
    if kind == "L":
        return [from_attribute(v) for v in value]
    if kind == "M":
        return {k: from_attribute(v) for k, v in value.items()}
    if kind == "NULL":
        return None
    raise TypeError(f"ledger items hold JSON values only, not DynamoDB {kind} ({value!r})")


def to_item(record: LedgerRecord) -> dict[str, dict[str, Any]]:
    return {name: to_attribute(value) for name, value in stored_fields(record).items() if value is not None}


def from_item(item: dict[str, dict[str, Any]]) -> LedgerRecord:
    return {name: from_attribute(value) for name, value in item.items() if name not in INDEX_ATTRIBUTES}
