"""Spark against our engines on this machine, side by side in one run; prints figures, ratios and checks.

1. convert: the full-scale review extract (1.5M rows, gzip'd CSV) → one bronze Parquet file, by PySpark on
   local[*] and by libs/bronze's converter (DuckDB's plain CSV → Parquet as a reference);
2. engines: `datamaster process all` (silver MERGE, review_flat, gold) on two lake homes with identical bronze,
   on the embedded engine and on Spark (`--engine spark`: the jobs on one local Spark application).

Run with `npx nx run spark:bench` (it builds the CLI and bundles the bronze converter first), or from spark/:
``.venv/bin/python -m bench [--scale S] [--parts convert,engines] [--runs N] [--keep]``. ``--scale`` sizes the
dataset of part 2 (default 1; part 1 always converts the full-scale extract); ``--runs`` repeats part 1,
interleaved. Spark settings for every JVM the bench starts: ``PYSPARK_SUBMIT_ARGS="--conf k=v pyspark-shell"``.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench.convert import TABLE, run_convert
from bench.convert_report import print_convert
from bench.engines import run_engines
from bench.engines_report import print_engines
from bench.errors import BenchOptionError
from bench.measure import adopt_orphans
from bench.tools import require_builds, seed_dataset

PARTS = ("convert", "engines")
# Part 1 is the comparison the original system made: its worker and PySpark on the full extract.
CONVERT_SCALE = 1.0
# The full-scale dataset (1.5M reviews), as the embedded engine's own bench (libs/lakehouse/bench).
DEFAULT_SCALE = 1.0


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default=str(DEFAULT_SCALE), help="dataset of part 2 (1 = 1.5M reviews); default 1")
    parser.add_argument("--parts", default=",".join(PARTS), help=f"comma-separated, of: {', '.join(PARTS)}")
    parser.add_argument("--runs", default="1", help="runs of part 1, interleaved (medians are printed)")
    parser.add_argument("--keep", action="store_true", help="leave the work folder (seed files, lake homes, logs)")
    args = parser.parse_args(argv)
    try:
        args.scale = float(args.scale)
    except ValueError:
        args.scale = -1.0
    if not args.scale > 0:
        raise BenchOptionError("--scale", args.scale, "a number > 0 (1 = 1,500,000 reviews)")
    args.parts = [p for p in args.parts.split(",") if p]
    if not args.parts or any(p not in PARTS for p in args.parts):
        raise BenchOptionError("--parts", args.parts, f"a comma-separated list of {', '.join(PARTS)}")
    if not args.runs.isdigit() or int(args.runs) < 1:
        raise BenchOptionError("--runs", args.runs, "a whole number ≥ 1")
    args.runs = int(args.runs)
    return args


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    require_builds()
    adopt_orphans()
    work = Path(tempfile.mkdtemp(prefix="spark-bench-"))
    started = time.perf_counter()
    print(
        f"Spark bench, parts {', '.join(args.parts)}; {os.cpu_count()} cores, Python {platform.python_version()},"
        f" load average {_load()} at the start; work folder {work}{' (kept)' if args.keep else ''}"
    )
    if "PYSPARK_SUBMIT_ARGS" in os.environ:
        # pyspark hands it to every JVM it starts: the conversion's and each job's of `--engine spark`.
        print(f"PYSPARK_SUBMIT_ARGS={os.environ['PYSPARK_SUBMIT_ARGS']} (every Spark process)")
    ok = True
    try:
        seeds: dict[float, dict[str, tuple[Path, int]]] = {}

        def seeded(scale: float) -> dict[str, tuple[Path, int]]:
            if scale not in seeds:
                print(f"seed dataset, scale {scale:g}…", flush=True)
                seeds[scale] = seed_dataset(work / f"seed-{scale:g}", scale)
            return seeds[scale]

        if "convert" in args.parts:
            print("\n1. CSV → Parquet")
            source, rows = seeded(CONVERT_SCALE)[TABLE]
            converted = run_convert(work, source, rows, args.runs)
        if "engines" in args.parts:
            print(f"\n2. silver + gold, scale {args.scale:g}")
            engines = run_engines(work, seeded(args.scale), args.scale)
        if "convert" in args.parts:
            ok = print_convert(converted) and ok
        if "engines" in args.parts:
            ok = print_engines(engines) and ok
        elapsed = time.perf_counter() - started
        print(f"\nbench finished in {elapsed:.0f} s, load average {_load()}{'' if ok else '; SOME CHECKS FAILED'}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


def _load() -> str:
    return " ".join(f"{v:.1f}" for v in os.getloadavg())


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
