"""Part 1's figures: the whole processes side by side, the conversions alone, Spark / ours, the checks."""

from __future__ import annotations

import os
import statistics
from collections.abc import Callable

from bench.convert import CASES, OURS, SPARK, SPARK_WARM, Case, Conversion, ConvertRun
from bench.report import integer, mib, print_checks, print_table, ratio, seconds
from bench.spark_convert import MASTER, SPARK_CONF


def print_convert(result: ConvertRun) -> bool:
    runs = result.runs
    print(
        f"\n1. {result.source.name} ({result.source.stat().st_size / 2**20:.1f} MiB gzip, {integer(result.rows)} rows)"
        f" → one bronze Parquet file; {'median of ' + str(runs) + ' runs' if runs > 1 else 'one run'}, each case in"
        " its own process"
    )

    def med(case: Case, pick: Callable[[Conversion], float]) -> float:
        return statistics.median(pick(m) for m in result.measures[case])

    print("\n  the whole process, measured from outside (Spark: Python driver and JVM, from start to exit)")
    print_table(
        ["", "wall s", "CPU s", "peak RSS MiB", "Parquet MiB"],
        [
            [
                case.name,
                seconds(med(case, lambda m: m.usage.wall_s)),
                seconds(med(case, lambda m: m.usage.cpu_s)),
                mib(med(case, lambda m: m.usage.peak_tree_mib)),
                f"{med(case, lambda m: m.output_mib):.1f}",
            ]
            for case in CASES
            if not case.warm_up
        ],
    )
    print("\n  the conversion alone, measured inside the process (Spark: JVM CPU and VmHWM)")
    print_table(
        ["", "JVM start s", "conversion s", "CPU s", "peak RSS MiB", "rows/s"],
        [
            [
                case.name,
                "-" if case.role != "spark" else seconds(med(case, lambda m: m.inner.start_s or 0.0)),
                seconds(med(case, lambda m: m.inner.job_s)),
                seconds(med(case, lambda m: m.inner.job_cpu_s)),
                mib(med(case, lambda m: m.inner.peak_rss_mib)),
                integer(result.rows / med(case, lambda m: m.inner.job_s)),
            ]
            for case in CASES
        ],
    )

    def versus(case: Case, pick: Callable[[Conversion], float]) -> str:
        return ratio(med(case, pick), med(OURS, pick))

    print("\n  Spark / ours")
    print_table(
        ["", "wall", "CPU", "peak RSS", "Parquet size"],
        [
            [
                "whole process (cold JVM)",
                versus(SPARK, lambda m: m.usage.wall_s),
                versus(SPARK, lambda m: m.usage.cpu_s),
                versus(SPARK, lambda m: m.usage.peak_tree_mib),
                versus(SPARK, lambda m: m.output_mib),
            ],
            [
                "conversion alone, cold JVM",
                versus(SPARK, lambda m: m.inner.job_s),
                versus(SPARK, lambda m: m.inner.job_cpu_s),
            ],
            [
                "conversion alone, warm JVM",
                versus(SPARK_WARM, lambda m: m.inner.job_s),
                versus(SPARK_WARM, lambda m: m.inner.job_cpu_s),
            ],
        ],
    )
    settings = ", ".join(f"{k}={v}" for k, v in SPARK_CONF.items() if not k.startswith("spark.ui"))
    print(f"\n  Spark: master {MASTER} ({os.cpu_count()} cores; one task: a gzip file cannot be split), {settings}")
    print("\n  checks (read back with pyarrow)")
    print_checks(result.checks)
    return all(c.ok for c in result.checks)
