"""A `process all --engine spark` killed (SIGKILL) right after silver.review's Spark job committed and before the
settle task ran, then run again at once: the rerun takes over the dead run's lease, finds the work id in the
snapshot summary and settles from that commit instead of merging again (apps/cli/src/crash-recovery.test.ts
proves the same on the embedded engine)."""

from __future__ import annotations

import json
import signal
from pathlib import Path

from datamaster_cli import DatamasterCli

FAULT = {"DATAMASTER_FAULT": "kill-after-commit:silver.review"}


def snapshot_of(cli: DatamasterCli, ref: str) -> str | None:
    statuses = json.loads(cli.run("tables", "--json"))
    status = next(s for s in statuses if s["ref"] == ref)
    return status.get("snapshot", {}).get("id")


def test_a_spark_run_killed_between_commit_and_settle_is_recovered_without_merging_twice(tmp_path: Path) -> None:
    cli = DatamasterCli(tmp_path / "home")
    cli.run("init")
    cli.run("seed", "--out", str(tmp_path / "seed"), "--scale", "0.002")
    for table in ("brewery", "beer", "profile", "review"):
        cli.run("ingest", str(tmp_path / "seed" / f"{table}.csv.gz"), "--table", table)

    killed = cli.attempt("process", "all", "--engine", "spark", env=FAULT)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    committed = snapshot_of(cli, "silver.review")
    assert committed is not None

    rerun = cli.run("process", "all", "--engine", "spark")
    review_line = next(line for line in rerun.splitlines() if "silver.review " in line)
    assert "settled from an earlier run's commit" in review_line
    assert snapshot_of(cli, "silver.review") == committed

    # Every live review once in review_flat, and every one of them counted in gold.top_drinkers.
    reviews = cli.query("SELECT count(*) AS n FROM silver.review WHERE deleted_at IS NULL")[0]["n"]
    flat = cli.query("SELECT count(*) AS n FROM silver.review_flat")[0]["n"]
    drinkers = cli.query("SELECT sum(total_reviews) AS n FROM gold.top_drinkers")[0]["n"]
    assert reviews == flat == drinkers
    silver = json.loads(cli.run("status", "--layer", "silver", "--json", "--limit", "1000"))
    assert silver["waiting"] == 0
