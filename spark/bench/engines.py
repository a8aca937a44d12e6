"""Part 2: silver and gold on both engines, from identical bronze.

Two lake homes get the same seed extracts through `datamaster ingest` (deterministic for a scale), then one runs
`datamaster process all` (the embedded engine: DuckDB inside the CLI's process) and the other `datamaster process
all --engine spark` (the jobs EMR Serverless runs, on the CLI's local Spark job server: one Python driver and one
JVM for the run). Each `process` command is measured as a whole, its JVMs included; the per-job times are the CLI's own
(`--json`). Then both homes' tables must hold the same row counts, and no work may be left waiting.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.errors import log_tail
from bench.measure import Usage, run_measured
from bench.report import Check
from bench.tools import NODE_ENV, cli_command, cli_json, jvm_crash_files, jvm_crash_summary
from datamaster_spark.contract import lake_contract


@dataclass(frozen=True)
class Engine:
    name: str
    title: str
    args: tuple[str, ...]


ENGINES = (
    Engine("embedded", "embedded (DuckDB)", ()),
    Engine("spark", "Spark (local[*])", ("--engine", "spark")),
)


@dataclass(frozen=True)
class EngineRun:
    engine: Engine
    usage: Usage
    returncode: int
    # The CLI's ProcessingRun: results (JobResult per job), failures, durationMs; None if it printed none.
    run: Mapping[str, Any] | None
    stderr_tail: str
    # `datamaster tables --json` afterwards, by ref.
    tables: Mapping[str, Mapping[str, Any]]
    # Each failed job's error as its ledger records keep it (the CLI's message has only the end of a stack trace).
    causes: Mapping[str, str]
    # The JVMs that crashed (hs_err files they left in spark/).
    crashes: Sequence[str]


@dataclass(frozen=True)
class EnginesResult:
    scale: float
    bronze_rows: Mapping[str, int]
    ingest_s: float
    runs: Sequence[EngineRun]
    checks: list[Check]


def run_engines(work: Path, seeds: Mapping[str, tuple[Path, int]], scale: float) -> EnginesResult:
    homes = {e.name: work / f"home-{e.name}" for e in ENGINES}
    checks, ingest_s = [], 0.0
    for engine in ENGINES:
        for table, (path, _) in seeds.items():
            print(f"  {engine.name} home: ingest {path.name}…", flush=True)
            started = time.perf_counter()
            record = cli_json(homes[engine.name], "ingest", str(path), "--table", table)
            ingest_s += time.perf_counter() - started
            if record["status"] != "succeeded":
                checks.append(Check(f"{engine.name} ingest {table}", False, f"ledger status {record['status']}"))
    runs = []
    for engine in ENGINES:
        print(f"  {engine.name}: datamaster process all {' '.join(engine.args)}…", flush=True)
        runs.append(_process(engine, homes[engine.name], work / f"process-{engine.name}.log"))
    checks += _check(runs)
    return EnginesResult(scale, {t: rows for t, (_, rows) in seeds.items()}, ingest_s, runs, checks)


def _process(engine: Engine, home: Path, log: Path) -> EngineRun:
    command = cli_command(home, "process", "all", *engine.args, "--json")
    crashed_before = jvm_crash_files()
    done = run_measured(command, log=log, env=NODE_ENV, check=False)
    crashes = [jvm_crash_summary(p) for p in sorted(jvm_crash_files() - crashed_before)]
    try:
        run = json.loads(done.stdout)
    except json.JSONDecodeError:
        run = None
    tables = {t["ref"]: t for t in cli_json(home, "tables")}
    failed = {f["ref"]: f["error"] for f in run["failures"]} if run is not None else {}
    causes = _causes(home, failed)
    return EngineRun(engine, done.usage, done.returncode, run, log_tail(log), tables, causes, crashes)


def _causes(home: Path, failed: Mapping[str, str]) -> dict[str, str]:
    """The ledger's error of each failed job where it has one, else the CLI's."""
    causes = {}
    for layer in sorted({ref.split(".")[0] for ref in failed}):
        for record in cli_json(home, "status", "--layer", layer)["records"]:
            ref = f"{layer}.{record['table']}"
            if ref in failed and ref not in causes and "lastError" in record:
                causes[ref] = _cause(record["lastError"]["message"])
    return {ref: causes.get(ref, _cause(error)) for ref, error in failed.items()}


def _cause(message: str) -> str:
    """The message without its stack frames: the first two lines and the innermost 'Caused by'."""
    lines = [line.strip() for line in message.replace(" | ", "\n").splitlines()]
    lines = [line for line in lines if line and not line.startswith(("at ", "..."))]
    caused = [line for line in lines if line.startswith("Caused by:")]
    return " ".join(lines[:2] + caused[-1:])[:600]


def _check(runs: Sequence[EngineRun]) -> list[Check]:
    checks = []
    for r in runs:
        if r.run is None:
            checks.append(
                Check(f"{r.engine.name}: process all", False, f"exit {r.returncode}, no JSON:\n{r.stderr_tail}")
            )
            continue
        failures = r.run["failures"]
        detail = "; ".join(f"{ref}: {cause}" for ref, cause in r.causes.items()) or f"{len(r.run['results'])} jobs"
        checks.append(Check(f"{r.engine.name}: every job succeeded", not failures and r.returncode == 0, detail))
        checks.append(Check(f"{r.engine.name}: no JVM crashed", not r.crashes, "; ".join(r.crashes) or "none"))
        waiting = {ref: t["waiting"] for ref, t in r.tables.items() if t["waiting"]}
        checks.append(Check(f"{r.engine.name}: no ledger work left", not waiting, str(waiting or "none")))
    first, *others = runs
    for other in others:
        for layer in ("bronze", *lake_contract().iceberg_layers):
            refs = sorted(ref for ref, t in first.tables.items() if t["layer"] == layer)
            rows = [(ref, first.tables[ref].get("rows"), other.tables.get(ref, {}).get("rows")) for ref in refs]
            differ = [row for row in rows if row[1] != row[2]]
            checks.append(Check(f"{layer}: same rows in both homes", not differ, str(differ or f"{len(refs)} tables")))
    # A gold table may rightly be empty at a small scale (top_beers_by_rating needs enough reviews per beer).
    empty = [ref for r in runs for ref, t in r.tables.items() if t["layer"] in ("bronze", "silver") and not t["rows"]]
    checks.append(Check("no bronze or silver table is empty", not empty, str(empty or "none")))
    return checks
