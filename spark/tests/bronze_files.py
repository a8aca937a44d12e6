"""Bronze Parquet files from literal changes, in the bronze schema of the lake contract (as the bronze worker writes
them: every column, Arrow types of libs/lake-manifest/src/derive/columnar.ts, the manifest's field ids, by which
the embedded engine reads bronze)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from datamaster_spark.contract import lake_contract

ARROW_TYPES = {
    "boolean": pa.bool_(),
    "int": pa.int32(),
    "long": pa.int64(),
    "double": pa.float64(),
    "string": pa.string(),
    "date": pa.date32(),
    "timestamptz": pa.timestamp("us", tz="UTC"),
}
INGEST_DATE = "2024-06-01"


def utc(text: str) -> datetime:
    """``2024-01-01T00:00:00Z`` → an aware datetime."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(timezone.utc)


def bronze_key(table: str, name: str) -> str:
    return f"bronze/{table}/ingest_date={INGEST_DATE}/{name}.parquet"


def write_bronze(
    lake_dir: Path, table: str, name: str, changes: list[dict[str, Any]], field_ids: bool = True
) -> tuple[str, bytes]:
    """Writes one bronze file under ``lake_dir`` (the home's object store); returns its key and its bytes.

    A change gives op, change_ts (ISO text), change_seq and the columns it carries; the rest are null. Without
    ``field_ids``, the file is one no bronze writer writes.
    """
    bronze = lake_contract().table(f"bronze.{table}")
    key = bronze_key(table, name)
    defaults = {
        "change_txn_id": None,
        "raw_object_key": f"raw/{table}/{name}.csv.gz",
        "ingested_at": "2024-06-01T00:00:00Z",
    }
    rows = [{**defaults, **change} for change in changes]
    arrays = []
    for column in bronze.columns:
        values = [row.get(column.name) for row in rows]
        if column.type == "timestamptz":
            values = [None if v is None else utc(v) for v in values]
        arrays.append(pa.array(values, type=ARROW_TYPES[column.type]))
    schema = pa.schema(
        [
            pa.field(
                c.name,
                ARROW_TYPES[c.type],
                nullable=c.nullable,
                metadata={"PARQUET:field_id": str(c.id)} if field_ids else None,
            )
            for c in bronze.columns
        ]
    )
    path = lake_dir / key
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_arrays(arrays, schema=schema), path)
    return key, path.read_bytes()
