"""One UpdateItem turning the stored record into the next one, as libs/control-ledger/src/update.ts builds it:
SET what changed, REMOVE what the next record leaves out, conditional on the status and version it was read with
(the version changes on every write, so that also pins the lease owner, the lease and the attempt count)."""

from __future__ import annotations

from typing import Any

from datamaster_spark.ledger.item import LedgerRecord, stored_fields, to_attribute


def transition_update(table_name: str, current: LedgerRecord, following: LedgerRecord) -> dict[str, Any]:
    before, after = stored_fields(current), stored_fields(following)
    names = {"#status": "status", "#version": "version"}

    def name_of(field: str) -> str:
        for name, known in names.items():
            if known == field:
                return name
        name = f"#f{len(names)}"
        names[name] = field
        return name

    values: dict[str, Any] = {
        ":expectedStatus": {"S": current["status"]},
        ":expectedVersion": {"N": str(current["version"])},
    }
    sets: list[str] = []
    removes: list[str] = []
    for field in dict.fromkeys([*before, *after]):
        if field == "recordId":
            continue
        value = after.get(field)
        if value is None and before.get(field) is None:
            continue
        if value is not None and value == before.get(field):
            continue
        name = name_of(field)
        if value is None:
            removes.append(name)
        else:
            placeholder = f":v{len(sets)}"
            values[placeholder] = to_attribute(value)
            sets.append(f"{name} = {placeholder}")
    clauses = [f"SET {', '.join(sets)}" if sets else "", f"REMOVE {', '.join(removes)}" if removes else ""]
    return {
        "TableName": table_name,
        "Key": {"recordId": {"S": current["recordId"]}},
        "UpdateExpression": " ".join(c for c in clauses if c),
        "ConditionExpression": "#status = :expectedStatus AND #version = :expectedVersion",
        "ExpressionAttributeNames": names,
        "ExpressionAttributeValues": values,
        "ReturnValues": "ALL_NEW",
    }
