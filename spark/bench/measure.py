"""One measured command: wall time, CPU of every process it starts, and peak memory of the whole process tree.

The JVMs are the hard part. pyspark starts its JVM (spark-submit, which execs java) and exits without waiting for
it, so the JVM is orphaned and re-parented: its CPU would reach no ``getrusage(RUSAGE_CHILDREN)`` of ours, and
``ru_maxrss`` only ever gives the largest single process, never the sum of four JVMs running side by side. So the
bench process makes itself the child subreaper (orphans are re-parented to it and it reaps them: their CPU is
counted exactly), and a sampler thread reads /proc every SAMPLE_S for the tree's summed VmRSS and each process's
VmHWM (its own peak resident set). One measured command at a time: everything below this process is its own.
"""

from __future__ import annotations

import ctypes
import os
import resource
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.errors import BenchCommandError, OrphanTimeoutError, log_tail

SAMPLE_S = 0.1
# Orphaned JVMs stop once their Python driver is gone; a minute is far more than they take.
ORPHAN_TIMEOUT_S = 60.0
_PR_SET_CHILD_SUBREAPER = 36
_KIB = 1024


@dataclass(frozen=True)
class Usage:
    wall_s: float
    # User + system time of every process of the tree, orphaned JVMs included.
    cpu_s: float
    # The largest sum of VmRSS over the tree's processes alive at one sample.
    peak_tree_mib: float
    # Per command name (java, node, python3...): the largest VmHWM of one such process.
    largest_mib: Mapping[str, float]
    # The most processes of one name alive at one sample, e.g. JVMs running side by side.
    most_at_once: Mapping[str, int]


@dataclass(frozen=True)
class Measured:
    usage: Usage
    stdout: str
    returncode: int


def adopt_orphans() -> None:
    """Make this process the subreaper of everything it starts (Linux); call once, before any measured command."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER) failed: the bench measures on Linux only")


def run_measured(
    command: Sequence[str],
    *,
    log: Path,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    check: bool = True,
) -> Measured:
    """Runs ``command`` to its end (and every process it left behind); stderr goes to ``log``."""
    sampler = _TreeSampler(os.getpid())
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    sampler.start()
    try:
        with log.open("w") as stderr:
            environment = None if env is None else dict(env)
            done = subprocess.run(
                list(command), cwd=cwd, env=environment, stdout=subprocess.PIPE, stderr=stderr, text=True, check=False
            )
        _reap_orphans(command)
        wall = time.perf_counter() - started
    finally:
        sampler.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if check and done.returncode != 0:
        raise BenchCommandError(command, done.returncode, f"({log})\n{log_tail(log)}")
    usage = Usage(wall, cpu, sampler.peak_tree_kib / _KIB, sampler.largest_mib(), dict(sampler.most_at_once))
    return Measured(usage, done.stdout, done.returncode)


def _reap_orphans(command: Sequence[str]) -> None:
    deadline = time.monotonic() + ORPHAN_TIMEOUT_S
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            if time.monotonic() > deadline:
                raise OrphanTimeoutError(command, ORPHAN_TIMEOUT_S)
            time.sleep(0.05)


@dataclass
class _TreeSampler:
    root: int
    peak_tree_kib: int = 0
    hwm_kib: dict[int, tuple[str, int]] = field(default_factory=dict)
    most_at_once: dict[str, int] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="tree-sampler", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self._sample()

    def largest_mib(self) -> dict[str, float]:
        largest: dict[str, float] = {}
        for name, kib in self.hwm_kib.values():
            largest[name] = max(largest.get(name, 0.0), kib / _KIB)
        return largest

    def _run(self) -> None:
        while not self._stop.wait(SAMPLE_S):
            self._sample()

    def _sample(self) -> None:
        total, names = 0, {}
        for pid, name in _descendants(self.root):
            status = _status(pid)
            if status is None:
                continue
            rss, hwm = status
            total += rss
            names[name] = names.get(name, 0) + 1
            self.hwm_kib[pid] = (name, max(hwm, self.hwm_kib.get(pid, (name, 0))[1]))
        self.peak_tree_kib = max(self.peak_tree_kib, total)
        for name, count in names.items():
            self.most_at_once[name] = max(self.most_at_once.get(name, 0), count)


def _descendants(root: int) -> list[tuple[int, str]]:
    parents: dict[int, int] = {}
    names: dict[int, str] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            text = Path(entry.path, "stat").read_text()
        except OSError:  # gone since the listing
            continue
        # "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split at the last ")".
        head, _, rest = text.rpartition(")")
        pid = int(entry.name)
        names[pid] = head.partition("(")[2]
        parents[pid] = int(rest.split()[1])
    found, frontier = [], [root]
    while frontier:
        parent = frontier.pop()
        for pid, ppid in parents.items():
            if ppid == parent:
                found.append((pid, names[pid]))
                frontier.append(pid)
    return found


def _status(pid: int) -> tuple[int, int] | None:
    """(VmRSS, VmHWM) in KiB; None for a process that is gone or a zombie (no memory left)."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return None
    values = {}
    for line in lines:
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(value.split()[0])
    if len(values) < 2:
        return None
    return values["VmRSS"], values["VmHWM"]
