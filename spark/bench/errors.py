"""Errors of the bench: each message names the offending value and what to do."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

_TAIL_LINES = 15


def log_tail(log: Path) -> str:
    try:
        lines = log.read_text(errors="replace").splitlines()
    except OSError:
        return "(no log)"
    return "\n".join(lines[-_TAIL_LINES:]) or "(empty log)"


class BenchOptionError(ValueError):
    def __init__(self, option: str, value: object, expected: str) -> None:
        super().__init__(
            f"invalid bench option {option}={value!r}: expected {expected}, e.g. nx run spark:bench -- --scale 0.1"
        )


class BenchCommandError(RuntimeError):
    def __init__(self, command: Sequence[str], returncode: int, output: str) -> None:
        super().__init__(f"`{' '.join(command)}` exited with {returncode}; the end of its error output:\n{output}")


class OrphanTimeoutError(RuntimeError):
    def __init__(self, command: Sequence[str], timeout_s: float) -> None:
        super().__init__(
            f"processes started by `{' '.join(command)}` were still running {timeout_s:.0f} s after it ended "
            "(a JVM whose driver is gone?): look for them with `ps -ef --forest` and stop them by pid"
        )


class MissingBuildError(FileNotFoundError):
    def __init__(self, path: Path, build: str) -> None:
        super().__init__(f"{path} is missing: build it with `{build}` (`npx nx run spark:bench` does this first)")
