"""The embedded engine (DuckDB) and the Spark jobs give identical silver and gold from the same bronze input
(tests/scenario.py), row for row and column for column, and either continues the other's tables.

Four lake homes get the same files, registered as silver work by the TypeScript ledger. Each is processed by
`datamaster process all`: `embedded` with the embedded engine only, `spark` with `--engine spark` only (the Spark
job server, between the same claim and settle tasks), `mixed` by the embedded engine for the initial load and by
Spark for the updates, `reverse` the other way round. Two homes are processed at a time, so the engines overlap."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from bronze_work import build_registrar, land

from bronze_files import bronze_key
from datamaster_spark.contract import lake_contract
from lake_homes import create_homes, remove_homes
from scenario import INITIAL_LOAD, UPDATES

TABLES = [t.ref for t in lake_contract().iceberg_tables]
OPENLINEAGE_CHECK = Path(__file__).resolve().parents[2] / "libs" / "lake-contract" / "tools" / "openlineage_check.py"
# The engine of each home per wave.
ENGINES = {
    "embedded": ("embedded", "embedded"),
    "spark": ("spark", "spark"),
    "mixed": ("embedded", "spark"),
    "reverse": ("spark", "embedded"),
}
Rows = dict[str, Counter]


@dataclass
class Outcome:
    """What each home held after each wave, and what its jobs reported."""

    rows: dict[tuple[str, int], Rows] = field(default_factory=dict)
    results: dict[tuple[str, int], list[dict[str, Any]]] = field(default_factory=dict)
    silver_records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    lineage_files: dict[str, list[Path]] = field(default_factory=dict)
    lineage: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


@pytest.fixture(scope="module")
def outcome() -> Iterator[Outcome]:
    build_registrar()
    homes = create_homes(None, list(ENGINES), "conformance")
    result = Outcome()
    try:
        with ThreadPoolExecutor(max_workers=2) as cli:
            for wave, files in ((1, INITIAL_LOAD), (2, UPDATES)):
                for home in homes.values():
                    land(home.path, home.lake_dir, files)
                runs = {name: cli.submit(home.process_by_cli, ENGINES[name][wave - 1]) for name, home in homes.items()}
                for name, home in homes.items():
                    result.results[(name, wave)] = runs[name].result()
                    result.rows[(name, wave)] = home.rows(TABLES)
            records = {name: cli.submit(home.silver_records) for name, home in homes.items()}
            result.silver_records = {name: future.result() for name, future in records.items()}
        for name, home in homes.items():
            result.lineage_files[name] = sorted((Path(home.path) / "lineage").glob("*.ndjson"))
            lines = (line for f in result.lineage_files[name] for line in f.read_text().splitlines())
            result.lineage[name] = [json.loads(line) for line in lines if line]
        yield result
    finally:
        remove_homes(homes)


@pytest.mark.parametrize("ref", TABLES)
def test_the_initial_load_gives_identical_tables(outcome: Outcome, ref: str):
    assert outcome.rows[("spark", 1)][ref] == outcome.rows[("embedded", 1)][ref]


@pytest.mark.parametrize("ref", TABLES)
def test_the_updates_give_identical_tables(outcome: Outcome, ref: str):
    assert outcome.rows[("spark", 2)][ref] == outcome.rows[("embedded", 2)][ref]


@pytest.mark.parametrize("ref", TABLES)
def test_spark_continues_tables_the_embedded_engine_loaded(outcome: Outcome, ref: str):
    assert outcome.rows[("mixed", 2)][ref] == outcome.rows[("embedded", 2)][ref]


@pytest.mark.parametrize("ref", TABLES)
def test_the_embedded_engine_continues_tables_spark_loaded(outcome: Outcome, ref: str):
    assert outcome.rows[("reverse", 2)][ref] == outcome.rows[("embedded", 2)][ref]


def test_the_jobs_report_the_same_work(outcome: Outcome):
    # `records` of derived jobs and `downstream` of dimensions depend on whether a dimension's job ran before or
    # after review's (the state machine runs silver tables in parallel); the counts below do not.
    def counts(results: list[dict[str, Any]]) -> dict[str, tuple[Any, ...]]:
        fields = ("status", "rowsIn", "rowsWritten", "partitionsRewritten")
        return {
            r["ref"]: tuple(r[f] for f in fields)
            + ((r["records"],) if r["ref"] != "silver.review_flat" and r["ref"].startswith("silver") else ())
            for r in results
        }

    for wave in (1, 2):
        for home in ("spark", "mixed", "reverse"):
            assert counts(outcome.results[(home, wave)]) == counts(outcome.results[("embedded", wave)])
    assert {r["status"] for r in outcome.results[("spark", 2)]} == {"committed"}


def test_the_silver_ledger_records_agree_whichever_engine_ran_the_work(outcome: Outcome):
    fields = (
        "recordId",
        "status",
        "attempts",
        "rowsIn",
        "rowsOut",
        "rowsQuarantined",
        "bytesIn",
        "bytesOut",
        "checksum",
    )

    def settled(records: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
        return sorted(tuple(r.get(f) for f in fields) for r in records)

    embedded, spark = outcome.silver_records["embedded"], outcome.silver_records["spark"]
    assert len(spark) == len(INITIAL_LOAD) + len(UPDATES)
    assert settled(spark) == settled(embedded)
    assert {r["computeTarget"] for r in spark} == {"spark"}
    assert {r["computeTarget"] for r in embedded} == {"embedded"}
    for home, initial, updates in (("mixed", "embedded", "spark"), ("reverse", "spark", "embedded")):
        targets = {r["objectKey"]: r["computeTarget"] for r in outcome.silver_records[home]}
        assert {targets[bronze_key(t, n)] for t, n, _ in INITIAL_LOAD} == {initial}
        assert {targets[bronze_key(t, n)] for t, n, _ in UPDATES} == {updates}
    for record in spark:
        assert int(record["attributes"]["snapshotId"]) > 0
        assert record["outputKeys"][0].endswith(".metadata.json")


def _ts(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def test_the_edge_cases_come_out_as_the_semantics_say(outcome: Outcome):
    """Identical is not enough: both engines could be wrong alike. These are the semantics of docs/lakehouse.md."""
    rows = outcome.rows[("spark", 2)]
    columns = {ref: lake_contract().table(ref).column_names for ref in TABLES}

    def by_key(ref: str, key: str) -> dict[Any, dict[str, Any]]:
        return {dict(zip(columns[ref], row))[key]: dict(zip(columns[ref], row)) for row in rows[ref]}

    reviews, breweries = by_key("silver.review", "review_id"), by_key("silver.brewery", "brewery_id")
    assert reviews[2]["review_overall"] == 1.0  # the late older update lost
    assert reviews[63]["deleted_at"] == _ts("2024-02-01 00:00:00")
    assert reviews[63]["review_overall"] == 1.5
    assert (reviews[70]["review_overall"], reviews[70]["deleted_at"]) == (5.0, _ts("2024-02-03 00:00:00"))
    assert reviews[9999]["review_year"] is None
    assert reviews[9999]["beer_id"] is None
    assert reviews[71]["created_at"] == _ts("2023-06-01 00:00:00")
    assert (reviews[61]["review_year"], reviews[61]["review_month"]) == (2024, 1)
    assert not [r for r in reviews.values() if (r["review_year"], r["review_month"]) == (2023, 10)]
    assert breweries[4]["brewery_name"] == "Delta 2"
    assert breweries[4]["deleted_at"] is not None
    assert breweries[2]["created_at"] == _ts("2024-01-01 00:00:00")
    flat = by_key("silver.review_flat", "review_id")
    assert {flat[i]["beer_name"] for i in range(1, 31)} == {"Pale Ale"}
    assert flat[57]["beer_name"] is None
    assert flat[57]["brewery_name"] == "Beta Brewing"
    assert 63 not in flat
    assert 70 not in flat
    assert 9999 not in flat
    top_beers = {(r[0], r[5], r[6]): r for r in rows["gold.top_beers_by_rating"]}
    assert set(top_beers) == {(10, 2023, 12), (13, 2023, 12)}
    assert top_beers[(10, 2023, 12)][1] == "Pale Ale"
    drinkers = [dict(zip(columns["gold.top_drinkers"], r)) for r in rows["gold.top_drinkers"]]
    months = {(r["review_year"], r["review_month"]) for r in drinkers}
    assert (2023, 10) not in months
    assert (2023, 6) in months


def test_both_engines_emit_the_same_valid_lineage(outcome: Outcome):
    """The claim and settle tasks drive both engines, so each job's OpenLineage run is the same whichever ran it."""

    def completed(name: str) -> dict[str, tuple[Any, ...]]:
        runs: dict[str, tuple[Any, ...]] = {}
        for event in outcome.lineage[name]:
            if event["eventType"] == "COMPLETE":
                output = event["outputs"][0]
                rows = output["outputFacets"]["outputStatistics"]["rowCount"]
                runs[event["job"]["name"]] = (*runs.get(event["job"]["name"], ()), rows)
        return runs

    assert completed("spark") == completed("embedded")
    assert set(completed("spark")) == set(TABLES)
    files = [str(f) for name in ENGINES for f in outcome.lineage_files[name]]
    check = subprocess.run(
        [sys.executable, str(OPENLINEAGE_CHECK), *files], capture_output=True, text=True, check=False
    )
    assert json.loads(check.stdout)["errors"] == []
