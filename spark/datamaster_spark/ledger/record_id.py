"""Record ids exactly as libs/control-ledger/src/record-id.ts derives them, so both sides find the same record."""

from __future__ import annotations

import hashlib
import json
import re

# JavaScript's /^"(.*)"$/: `.` stops at line terminators and `$` is the very end.
_QUOTED = re.compile('"([^\n\r\u2028\u2029]*)"')


def normalize_etag(etag: str) -> str:
    """S3 quotes ETags in some answers and not in others; both spellings name the same object version."""
    match = _QUOTED.fullmatch(etag)
    return match.group(1) if match else etag


def js_json(value: object) -> str:
    """``JSON.stringify`` of strings, numbers, lists and dicts: no spaces, non-ASCII characters as they are."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def ledger_record_id(layer: str, object_key: str, etag: str) -> str:
    """``<layer>-`` and 128 bits of SHA-256 of the JSON array [layer, objectKey, etag without quotes]."""
    digest = hashlib.sha256(js_json([layer, object_key, normalize_etag(etag)]).encode("utf-8")).hexdigest()
    return f"{layer}-{digest[:32]}"
