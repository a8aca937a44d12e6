"""Adding a table is two files: the sixth gold table of apps/cli/src/testing/added-table, laid over a copy of the
bundled manifest, runs on the Spark engine (`process all --engine spark --manifest <folder>`) with nothing else
changed; the jobs read the contract exported from that manifest. apps/cli/src/added-table.test.ts runs the same
folder on the embedded engine."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from datamaster_cli import REPO_ROOT, DatamasterCli

BUNDLED = REPO_ROOT / "libs" / "lake-manifest"
ADDED = REPO_ROOT / "apps" / "cli" / "src" / "testing" / "added-table"
ADDED_TABLE = "gold.top_breweries_by_state"


def added_table_manifest(root: Path) -> Path:
    for folder in ("tables", "transforms"):
        shutil.copytree(BUNDLED / folder, root / folder)
        shutil.copytree(ADDED / folder, root / folder, dirs_exist_ok=True)
    return root


def test_a_table_added_by_its_two_files_is_built_by_the_spark_jobs(tmp_path: Path) -> None:
    cli = DatamasterCli(tmp_path / "home", added_table_manifest(tmp_path / "manifest"))
    cli.run("init")
    cli.run("seed", "--out", str(tmp_path / "seed"), "--scale", "0.002")
    for table in ("brewery", "beer", "profile", "review"):
        cli.run("ingest", str(tmp_path / "seed" / f"{table}.csv.gz"), "--table", table)
    out = cli.run("process", "all", "--engine", "spark")
    assert f"✔ {ADDED_TABLE} " in out

    added = cli.query(
        f"SELECT state, review_year, review_month, breweries_reviewed, total_reviews FROM {ADDED_TABLE}", "analyst"
    )
    expected = cli.query(
        "SELECT state, review_year, review_month, count(DISTINCT brewery_id) AS breweries_reviewed, "
        "count(*) AS total_reviews FROM silver.review_flat WHERE state IS NOT NULL GROUP BY ALL"
    )
    assert added
    assert sorted(map(sorted_items, added)) == sorted(map(sorted_items, expected))
    engines = {r["computeTarget"] for r in cli_records(cli, "gold") if r["table"] == ADDED_TABLE.split(".")[1]}
    assert engines == {"spark"}


def sorted_items(row: dict[str, object]) -> tuple[tuple[str, object], ...]:
    return tuple(sorted(row.items()))


def cli_records(cli: DatamasterCli, layer: str) -> list[dict[str, object]]:
    return json.loads(cli.run("status", "--layer", layer, "--json", "--limit", "1000"))["records"]
