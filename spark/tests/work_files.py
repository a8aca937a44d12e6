"""Work files as the ClaimWork task writes them (ProcessingWork of libs/lake-contract/src/processing/work.ts), by
hand: a silver job's bronze inputs, or a derived job's partitions and upstream snapshots."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def bronze_input(key: str, content: bytes, rows: int) -> dict[str, Any]:
    """A work input for a bronze file written by bronze_files.write_bronze."""
    return {
        "recordId": f"silver-{hashlib.sha256(key.encode()).hexdigest()[:32]}",
        "objectKey": key,
        "etag": hashlib.md5(content).hexdigest(),
        "objectSize": len(content),
        "rows": rows,
    }


def write_work(
    lake_dir: Path,
    ref: str,
    *,
    inputs: Sequence[dict[str, Any]] = (),
    partitions: Sequence[dict[str, Any]] = (),
    upstream: dict[str, int | None] | None = None,
    work_id: str | None = None,
) -> tuple[str, str]:
    """Writes the work file under ``lake_dir`` (the home's object store); returns its key and the work id."""
    layer, table = ref.split(".", 1)
    work_id = work_id or f"20240601T000000000Z-{uuid.uuid4().hex[:8]}"
    work = {
        "version": 1,
        "workId": work_id,
        "layer": layer,
        "table": table,
        "executionId": "exec-test",
        "claimedAt": "2024-06-01T00:00:00.000Z",
        "baseSnapshotId": None,
        "inputs": list(inputs),
        "partitions": list(partitions),
        # Decimal strings, as the TypeScript side writes snapshot ids (they exceed 2^53).
        "upstreamSnapshots": {r: None if s is None else str(s) for r, s in (upstream or {}).items()},
        "recordIds": [i["recordId"] for i in inputs],
    }
    key = f"work/{layer}/{table}/{work_id}.json"
    path = lake_dir / key
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(work), encoding="utf-8")
    return key, work_id
