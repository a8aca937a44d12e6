"""`datamaster apply --engine spark`: a changed gold transform is backfilled by the Spark jobs (every partition
recomputed, the ledger's backfill work run by Spark), and a gold table rebuilt under a coarser partitioning (by
review_year of review_year, review_month) is kept up to date by Spark from new data, each of its partitions
recomputed once. PyIceberg reads both tables. apps/cli/src/apply.test.ts and apply-migration.test.ts run the same
changes on the embedded engine."""

from __future__ import annotations

import json
import re
from pathlib import Path

from lake_homes import pyiceberg_catalog, pyiceberg_table
from manifest_copy import Extract, ManifestCopyLake

TOP_BEERS = "SELECT beer_id, review_year, review_month, total_reviews FROM gold.top_beers_by_rating ORDER BY ALL"
TOP_DRINKERS = "SELECT profile_id, review_year, review_month, total_reviews FROM gold.top_drinkers ORDER BY ALL"
EXPECTED_DRINKERS = (
    "SELECT profile_id, review_year, review_month, count(*) AS total_reviews FROM silver.review_flat"
    " GROUP BY ALL ORDER BY ALL"
)


def expected_top_beers(lake: ManifestCopyLake, minimum: int) -> list[dict[str, object]]:
    return lake.cli.query(
        "SELECT beer_id, review_year, review_month, count(*) AS total_reviews FROM silver.review_flat"
        f" GROUP BY beer_id, beer_name, beer_style, review_year, review_month HAVING count(*) >= {minimum} ORDER BY ALL"
    )


def edit_sql(lake: ManifestCopyLake, name: str, old: str, new: str) -> None:
    path = lake.manifest / "transforms" / "gold" / f"{name}.sql"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_spark_backfills_a_changed_transform_and_keeps_a_repartitioned_table_up_to_date(tmp_path: Path) -> None:
    lake = ManifestCopyLake(tmp_path)
    lake.fill()
    lake.cli.run("process", "all")

    edit_sql(lake, "top_beers_by_rating", "HAVING count(*) >= 25", "HAVING count(*) >= 2")
    out = lake.cli.run("apply", "--engine", "spark")
    assert re.search(r"backfill gold\.top_beers_by_rating: \d+ partition\(s\) to recompute", out), out
    assert lake.cli.query(TOP_BEERS) == expected_top_beers(lake, 2)
    gold = lake.cli.records("gold")
    backfill = [r for r in gold if r["table"] == "top_beers_by_rating" and r["source"] == "backfill"]
    assert [(r["status"], r["computeTarget"]) for r in backfill] == [("succeeded", "spark")]

    drinkers = lake.manifest / "tables" / "gold" / "top_drinkers.json"
    declared = json.loads(drinkers.read_text())
    declared["partitionBy"] = [{"column": "review_year"}]
    drinkers.write_text(json.dumps(declared))
    edit_sql(lake, "top_drinkers", " AND m.review_month = f.review_month", "")
    out = lake.cli.run("apply", "--engine", "spark")
    assert re.search(r"rebuilt gold\.top_drinkers: [\d,]+ rows", out), out

    seed = lake.seed_extract("review")
    review_id = seed.header.split(",").index("review_id")

    def renumbered(line: str) -> str:
        return ",".join(str(int(c) + 10_000_000) if i == review_id else c for i, c in enumerate(line.split(",")))

    more = [renumbered(line) for line in seed.lines[:50]]
    lake.ingest(lake.write_extract("more-reviews", Extract(seed.header, more)), "review")
    out = lake.cli.run("process", "all", "--engine", "spark")
    assert re.search(r"✔ gold\.top_drinkers ", out), out
    assert lake.cli.query(TOP_DRINKERS) == lake.cli.query(EXPECTED_DRINKERS)

    with pyiceberg_catalog(lake.cli.home) as pyiceberg:
        top_drinkers = pyiceberg_table(pyiceberg, "gold.top_drinkers")
        assert [f.name for f in top_drinkers.spec().fields] == ["review_year"]
        assert top_drinkers.scan().to_arrow().num_rows == len(lake.cli.query(EXPECTED_DRINKERS))
        top_beers = pyiceberg_table(pyiceberg, "gold.top_beers_by_rating")
        assert top_beers.scan().to_arrow().num_rows == len(expected_top_beers(lake, 2))
