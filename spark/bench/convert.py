"""Part 1: the review extract (gzip'd CSV) → one bronze Parquet file, by PySpark and by our bronze converter.

Each conversion runs in a process of its own, measured from outside (wall, CPU of the process tree, peak RSS
of the tree: the JVM for Spark) and from inside (Spark: JVM start apart from the job). A second Spark process
converts twice and times the second conversion: Spark on a warm JVM, as a long-lived application would run
it (a fresh EMR Serverless job runs cold, like the first case). DuckDB's plain CSV → Parquet, the reference of
libs/bronze's own bench, runs alongside. With ``runs`` > 1 the cases are interleaved, so the machine's noise
hits all alike, and medians are printed.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.compute as pc
import pyarrow.parquet as pq

from bench.measure import Usage, run_measured
from bench.report import Check
from bench.tools import BRONZE_BENCH_BUNDLE, NODE_ENV, PYTHON, SPARK_DIR

TABLE = "review"


@dataclass(frozen=True)
class Case:
    name: str
    # spark, or a role of bronze.bench.ts's child: ours | duckdb
    role: str
    # Writes the manifest's bronze columns (and so gets the bronze checks).
    bronze: bool = True
    # A first, untimed conversion in the same process (Spark only): its process figures are not comparable.
    warm_up: bool = False


SPARK, SPARK_WARM, OURS, DUCKDB = (
    Case("Spark", "spark"),
    Case("Spark, warm JVM", "spark", warm_up=True),
    Case("ours", "ours"),
    Case("DuckDB (reference)", "duckdb", bronze=False),
)
CASES = (SPARK, SPARK_WARM, OURS, DUCKDB)


@dataclass(frozen=True)
class Inner:
    """What the process measured itself, around the conversion alone."""

    # Spark: starting the JVM and SparkContext (the Python driver's start is before, its stop after).
    start_s: float | None
    job_s: float
    # Spark: the JVM's CPU during the job (the Python driver waits meanwhile).
    job_cpu_s: float
    # Spark: the JVM's VmHWM; ours and DuckDB: the process's maxRSS.
    peak_rss_mib: float


@dataclass(frozen=True)
class Conversion:
    usage: Usage
    inner: Inner
    output_mib: float


@dataclass(frozen=True)
class ConvertRun:
    source: Path
    rows: int
    runs: int
    measures: Mapping[Case, list[Conversion]]
    checks: list[Check]


def run_convert(work: Path, source: Path, rows: int, runs: int) -> ConvertRun:
    measures: dict[Case, list[Conversion]] = {c: [] for c in CASES}
    checks: list[Check] = []
    for run in range(1, runs + 1):
        prints: dict[Case, dict[str, Any]] = {}
        for n, case in enumerate(CASES):
            output = work / f"{case.role}-{run}-{n}.parquet"
            print(f"  run {run}/{runs}: {case.name}…", flush=True)
            measures[case].append(_convert(case, source, output, work / f"{case.role}-{run}-{n}.log"))
            prints[case] = _fingerprint(output, case.bronze)
            _remove(output)
        checks += _check(prints, rows, run)
    return ConvertRun(source, rows, runs, measures, checks)


def _convert(case: Case, source: Path, output: Path, log: Path) -> Conversion:
    if case.role == "spark":
        options = ["--warm-up"] if case.warm_up else []
        command = [str(PYTHON), "-m", "bench.spark_convert", TABLE, str(source), str(output), *options]
    else:
        command = ["node", str(BRONZE_BENCH_BUNDLE), case.role, str(source), str(output)]
    done = run_measured(command, log=log, cwd=SPARK_DIR, env=NODE_ENV)
    # spark_convert.py's JSON line, or bronze.bench.ts's child's {ms, cpuMs, maxRssMb, outputMb}.
    found = json.loads(done.stdout.strip().splitlines()[-1])
    if case.role == "spark":
        inner = Inner(found["session_s"], found["job_s"], found["job_jvm_cpu_s"], found["jvm_peak_rss_mib"])
    else:
        inner = Inner(None, found["ms"] / 1000, found["cpuMs"] / 1000, found["maxRssMb"])
    return Conversion(done.usage, inner, _parquet_bytes(output) / 2**20)


def _remove(output: Path) -> None:
    # bronze.bench.ts's child writes its quarantine next to the output.
    Path(f"{output}.quarantine.ndjson").unlink(missing_ok=True)
    if output.is_dir():
        shutil.rmtree(output)
    else:
        output.unlink()


def _parquet_bytes(output: Path) -> int:
    # Spark writes a folder: part files, and _SUCCESS and .crc files that are not data.
    files = [output] if output.is_file() else [p for p in output.iterdir() if not p.name.startswith(("_", "."))]
    return sum(p.stat().st_size for p in files)


def _fingerprint(output: Path, bronze: bool) -> dict[str, Any]:
    """Row count and sums that any lost, duplicated or mistyped row would change, read back with pyarrow."""
    columns = ["review_id", "review_overall", "review_time", "change_seq"] if bronze else ["review_id"]
    table = pq.read_table(output, columns=columns)
    found: dict[str, Any] = {"rows": table.num_rows, "sum(review_id)": pc.sum(table["review_id"]).as_py()}
    if bronze:
        found["sum(change_seq)"] = pc.sum(table["change_seq"]).as_py()
        found["sum(review_overall)"] = pc.sum(table["review_overall"]).as_py()
        found["review_time type"] = str(table.schema.field("review_time").type)
        # Whole seconds: the sum of 1.5M epoch microseconds would overflow int64.
        epoch_s = pc.divide(table["review_time"].cast("int64"), 1_000_000)
        found["sum(review_time s)"] = pc.sum(epoch_s).as_py()
    return found


def _check(prints: Mapping[Case, Mapping[str, Any]], rows: int, run: int) -> list[Check]:
    # The seed numbers reviews 1..rows and the converter numbers data rows 1..rows: both sums are known.
    triangle = rows * (rows + 1) // 2
    checks = []
    for case in CASES:
        found = prints[case]
        expected = {"rows": rows, "sum(review_id)": triangle}
        if case.bronze:
            expected |= {"sum(change_seq)": triangle, "review_time type": "timestamp[us, tz=UTC]"}
        wrong = {k: found.get(k) for k, v in expected.items() if found.get(k) != v}
        detail = ", ".join(f"{k} {v}" for k, v in found.items() if k in expected)
        checks.append(Check(f"run {run}, {case.name}", not wrong, detail if not wrong else f"{wrong} ≠ {expected}"))
    ours = prints[OURS]
    for case in (SPARK, SPARK_WARM):
        differ = sorted(k for k in ours if prints[case].get(k) != ours[k])
        detail = (
            f"same {', '.join(ours)}"
            if not differ
            else f"differ in {[(k, prints[case].get(k), ours[k]) for k in differ]}"
        )
        checks.append(Check(f"run {run}, {case.name} = ours", not differ, detail))
    return checks
