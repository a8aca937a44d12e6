"""Part 2's figures: both engines' totals, each job, each table afterwards, the checks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bench.engines import EngineRun, EnginesResult
from bench.measure import SAMPLE_S
from bench.report import integer, mib, print_checks, print_table, ratio, seconds
from datamaster_spark.contract import lake_contract


def print_engines(result: EnginesResult) -> bool:
    bronze = sum(result.bronze_rows.values())
    print(
        f"\n2. silver + gold, `datamaster process all`, scale {result.scale:g}: {integer(bronze)} bronze rows"
        f" ({', '.join(f'{t} {integer(n)}' for t, n in result.bronze_rows.items())}), ingested alike into two lake"
        f" homes ({seconds(result.ingest_s)} s of `datamaster ingest` for both, not measured)"
    )
    _print_totals(result.runs)
    _print_jobs(result.runs)
    _print_tables(result.runs)
    print("\n  checks")
    print_checks(result.checks)
    return all(c.ok for c in result.checks)


def _run_s(run: EngineRun) -> float:
    return 0.0 if run.run is None else run.run["durationMs"] / 1000


def _print_totals(runs: Sequence[EngineRun]) -> None:
    def largest(run: EngineRun, name: str) -> str:
        return mib(run.usage.largest_mib[name]) if name in run.usage.largest_mib else "-"

    embedded, spark = runs
    body = [
        [
            r.engine.title,
            seconds(r.usage.wall_s),
            seconds(_run_s(r)),
            seconds(r.usage.cpu_s),
            mib(r.usage.peak_tree_mib),
            largest(r, "node"),
            largest(r, "java"),
            str(r.usage.most_at_once.get("java", 0)),
        ]
        for r in runs
    ]
    body.append(
        [
            "Spark / embedded",
            ratio(spark.usage.wall_s, embedded.usage.wall_s),
            ratio(_run_s(spark), _run_s(embedded)),
            ratio(spark.usage.cpu_s, embedded.usage.cpu_s),
            ratio(spark.usage.peak_tree_mib, embedded.usage.peak_tree_mib),
        ]
    )
    print_table(["", "wall s", "run s", "CPU s", "peak RSS MiB", "CLI MiB", "largest JVM MiB", "JVMs at once"], body)
    print(
        "  wall: the whole command; run: the processing run as the CLI times it (without its start and the lake's"
        " opening); CPU: every process, JVMs included; peak RSS: the largest sum over all processes at one moment"
        f" (sampled every {SAMPLE_S} s); CLI MiB: the node process's own peak."
    )


def _print_jobs(runs: Sequence[EngineRun]) -> None:
    seconds_by = [{} if r.run is None else {j["ref"]: j["durationMs"] / 1000 for j in r.run["results"]} for r in runs]
    written = [{} if r.run is None else {j["ref"]: j["rowsWritten"] for j in r.run["results"]} for r in runs]
    failed = [set(r.causes) for r in runs]

    def cell(i: int, ref: str) -> str:
        return "FAILED" if ref in failed[i] else seconds(seconds_by[i][ref]) if ref in seconds_by[i] else "-"

    def done(ref: str) -> bool:
        return all(ref in s and ref not in f for s, f in zip(seconds_by, failed))

    print("\n  per job (the jobs of one stage run side by side): s, as the CLI's --json reports them; rows written")
    refs = [ref for ref, t in runs[0].tables.items() if t["layer"] in lake_contract().iceberg_layers]
    body = [
        [
            ref,
            *(cell(i, ref) for i in range(len(runs))),
            ratio(seconds_by[1][ref], seconds_by[0][ref]) if done(ref) else "-",
            *(integer(w[ref]) if ref in w else "-" for w in written),
        ]
        for ref in refs
    ]
    print_table(["job", "embedded s", "Spark s", "Spark/embedded", "rows embedded", "rows Spark"], body)


def _print_tables(runs: Sequence[EngineRun]) -> None:
    embedded, spark = runs
    print("\n  tables afterwards (`datamaster tables --json`): rows, data files and MiB per engine")
    body = [
        [ref, *_table_cells(embedded.tables.get(ref)), *_table_cells(spark.tables.get(ref))] for ref in embedded.tables
    ]
    print_table(["table", "rows", "files", "MiB", "rows Spark", "files Spark", "MiB Spark"], body)


def _table_cells(table: Mapping[str, Any] | None) -> list[str]:
    if table is None:
        return ["-", "-", "-"]
    return [
        integer(table.get("rows") or 0),
        str(table.get("dataFiles", "-")),
        f"{(table.get('bytes') or 0) / 2**20:.1f}",
    ]
