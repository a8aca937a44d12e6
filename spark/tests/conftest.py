"""Fixtures: a local lake built by the TypeScript CLI, and the one SparkSession of the test run.

A SparkContext's jars and JVM are fixed for the life of the process, so every test shares one session.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyspark.sql import SparkSession

from datamaster_cli import CLI_BUNDLE, REPO_ROOT, DatamasterCli
from datamaster_spark import build_session, lake_catalog

# Small enough for a 2-core machine; a second wave makes silver and gold incremental, as in production.
DEMO_ARGS = ("demo", "--scale", "0.002", "--stream-seconds", "0", "--wave", "50")


@pytest.fixture(scope="session")
def demo_lake() -> Iterator[DatamasterCli]:
    if not CLI_BUNDLE.is_file():
        pytest.fail(
            f"the datamaster CLI bundle {CLI_BUNDLE} is missing: build it with "
            f"`cd {REPO_ROOT} && NX_DAEMON=false npx nx run cli:build` (`nx run spark:test` does this first)",
            pytrace=False,
        )
    home = Path(tempfile.mkdtemp(prefix="datamaster-spark-lake-"))
    try:
        cli = DatamasterCli(home)
        cli.run(*DEMO_ARGS)
        yield cli
    finally:
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
def spark(demo_lake: DatamasterCli) -> Iterator[SparkSession]:
    catalog = lake_catalog(demo_lake.home)
    session = build_session(
        "sqlite", sqlite_path=catalog.sqlite_path, warehouse=catalog.warehouse, app_name="datamaster-spark-tests"
    )
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield session
    finally:
        session.stop()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--nx-report",
        metavar="PATH",
        help="also write the run's counts as a vitest-style JSON report (the root `npm test` sums dist/test-reports/)",
    )


def pytest_sessionfinish(session: pytest.Session) -> None:
    path = session.config.getoption("--nx-report")
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if path is None or reporter is None:
        return
    stats = reporter.stats

    def count(*keys: str) -> int:
        return sum(len(stats.get(key, [])) for key in keys)

    report = {
        "numTotalTests": count("passed", "failed", "error", "skipped", "xfailed", "xpassed"),
        "numPassedTests": count("passed", "xpassed"),
        "numFailedTests": count("failed", "error"),
        # A known defect (xfail) is neither a pass nor a failure: show it as skipped.
        "numPendingTests": count("skipped", "xfailed"),
        "numTodoTests": 0,
    }
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(report), encoding="utf-8")
