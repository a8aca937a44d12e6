"""The ledger's errors, with the messages of libs/control-ledger/src/errors.ts (both sides print them)."""

from __future__ import annotations

from typing import Any


class LedgerConflictError(RuntimeError):
    """A transition the record's state does not allow, or that lost a race; the record is unchanged."""

    def __init__(self, record_id: str, operation: str, expected: list[str], actual: str, detail: str) -> None:
        self.record_id = record_id
        self.operation = operation
        self.expected_status = expected
        self.actual_status = actual
        super().__init__(
            f"Cannot {operation} control ledger record {record_id}: expected status {' or '.join(expected)}, "
            f"found {actual}: {detail}"
        )


class LedgerRecordNotFoundError(LookupError):
    def __init__(self, record_id: str, table_name: str) -> None:
        self.record_id = record_id
        super().__init__(
            f"No control ledger record {record_id} in table {table_name}. Check the id (list() or `datamaster status` "
            "show them) and the ledger table, or register the object first."
        )


class LedgerAttemptsExhaustedError(RuntimeError):
    """claim() found a crashed attempt that used up the last attempt: the record is now dead."""

    def __init__(self, record_id: str, attempts: int, max_attempts: int, last_error: dict[str, Any] | None) -> None:
        self.record_id = record_id
        message = (last_error or {}).get("message", "none recorded")
        super().__init__(
            f"Control ledger record {record_id} is dead after {attempts} of {max_attempts} attempts "
            f"(last error: {message}). Fix the cause, then re-drive it with "
            f'reprocess("{record_id}") or `datamaster reprocess {record_id}`.'
        )


class LedgerInputError(ValueError):
    """Input the ledger refuses before writing anything; the message lists every problem."""

    def __init__(self, what: str, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"Invalid {what}: {'; '.join(problems)}.")


class LedgerConnectionError(ValueError):
    def __init__(self, problem: str) -> None:
        super().__init__(f"control ledger connection: {problem}")
