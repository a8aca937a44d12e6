"""A Python port of the control ledger (libs/control-ledger) for the Spark jobs: same items, same transitions."""

from datamaster_spark.ledger.connect import (
    ENDPOINT_ENV,
    TABLE_ENV,
    LedgerEndpoint,
    endpoint_from_env,
    endpoint_of_home,
    local_endpoint,
    open_ledger,
)
from datamaster_spark.ledger.control_ledger import ControlLedger
from datamaster_spark.ledger.errors import (
    LedgerAttemptsExhaustedError,
    LedgerConflictError,
    LedgerConnectionError,
    LedgerInputError,
    LedgerRecordNotFoundError,
)
from datamaster_spark.ledger.item import LedgerRecord, from_item, to_item
from datamaster_spark.ledger.record_id import js_json, ledger_record_id, normalize_etag
from datamaster_spark.ledger.timestamps import iso, now_ms, parse_iso
from datamaster_spark.ledger.transitions import Backoff

__all__ = [
    "ENDPOINT_ENV",
    "TABLE_ENV",
    "Backoff",
    "ControlLedger",
    "LedgerAttemptsExhaustedError",
    "LedgerConflictError",
    "LedgerConnectionError",
    "LedgerEndpoint",
    "LedgerInputError",
    "LedgerRecord",
    "LedgerRecordNotFoundError",
    "endpoint_from_env",
    "endpoint_of_home",
    "from_item",
    "iso",
    "js_json",
    "ledger_record_id",
    "local_endpoint",
    "normalize_etag",
    "now_ms",
    "open_ledger",
    "parse_iso",
    "to_item",
]
