"""Adding a table is two files: the sixth gold table of apps/cli/src/testing/added-table, laid over a copy of the
bundled manifest, runs on the Spark engine (`process all --engine spark --manifest <folder>`) with nothing else
changed; the jobs read the contract exported from that manifest. apps/cli/src/added-table.test.ts runs the same
folder on the embedded engine."""

from __future__ import annotations

from pathlib import Path

from manifest_copy import ManifestCopyLake

ADDED_TABLE = "gold.top_breweries_by_state"


def test_a_table_added_by_its_two_files_is_built_by_the_spark_jobs(tmp_path: Path) -> None:
    lake = ManifestCopyLake(tmp_path)
    lake.lay_over("added-table")
    lake.fill()
    cli = lake.cli
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
    engines = {r["computeTarget"] for r in cli.records("gold") if r["table"] == ADDED_TABLE.split(".")[1]}
    assert engines == {"spark"}


def sorted_items(row: dict[str, object]) -> tuple[tuple[str, object], ...]:
    return tuple(sorted(row.items()))
