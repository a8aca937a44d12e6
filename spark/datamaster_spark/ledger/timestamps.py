"""Times as the TypeScript ledger keeps them: epoch milliseconds in memory (a JavaScript Date), ISO-8601 with
milliseconds and a Z in records (Date.toISOString), so both sides compute the same leases and backoffs."""

from __future__ import annotations

import calendar
import re
import time
from datetime import datetime, timedelta, timezone

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3})\d*)?(?:Z|[+-]00:00)$")


def now_ms() -> int:
    """The current time, cut to milliseconds as a JavaScript Date is."""
    return time.time_ns() // 1_000_000


def iso(ms: int) -> str:
    """``Date.prototype.toISOString``: 2024-01-01T00:00:00.000Z."""
    at = _EPOCH + timedelta(milliseconds=ms)
    return f"{at:%Y-%m-%dT%H:%M:%S}.{at.microsecond // 1000:03d}Z"


def parse_iso(text: str | None) -> int | None:
    """``Date.parse`` of what ``iso`` writes; None where JavaScript would get NaN."""
    match = _ISO.match(text or "")
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction = match.groups()
    seconds = calendar.timegm((int(year), int(month), int(day), int(hour), int(minute), int(second)))
    return seconds * 1000 + int((fraction or "0").ljust(3, "0"))
