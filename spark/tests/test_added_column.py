"""Spark and PyIceberg read a table the embedded engine evolved: beer_ibu, which apps/cli/src/testing/added-column
adds to beer.json, reaches silver.beer of a lake that already held data (a new Iceberg schema, the column under
its manifest field id). Rows written before read null, the rows of the extract that carries it its values, as
`datamaster query` sees them. apps/cli/src/added-column.test.ts runs the same folder on the embedded engine."""

from __future__ import annotations

import gzip
import shutil
from collections import Counter
from pathlib import Path

from pyiceberg.catalog.sql import SqlCatalog
from pyspark.sql import SparkSession

from datamaster_cli import REPO_ROOT, DatamasterCli
from datamaster_spark import catalog_table, lake_catalog, lake_contract, lake_session

BUNDLED = REPO_ROOT / "libs" / "lake-manifest"
ADDED = REPO_ROOT / "apps" / "cli" / "src" / "testing" / "added-column"
# The beers the new extract carries, with beer_ibu = 10 + beer_id.
CARRIED = 12


def extract_with_ibu(seed: Path, out: Path) -> Path:
    header, *lines = gzip.decompress((seed / "beer.csv.gz").read_bytes()).decode().strip().split("\n")
    carried = [f"{line},{10 + int(line.split(',')[0])}" for line in lines[:CARRIED]]
    out.write_bytes(gzip.compress("\n".join([f"{header},beer_ibu", *carried, ""]).encode()))
    return out


def test_spark_and_pyiceberg_read_a_table_the_embedded_engine_evolved(spark: SparkSession, tmp_path: Path) -> None:
    manifest = tmp_path / "manifest"
    for folder in ("tables", "transforms"):
        shutil.copytree(BUNDLED / folder, manifest / folder)
    cli = DatamasterCli(tmp_path / "home", manifest)
    cli.run("init")
    cli.run("seed", "--out", str(tmp_path / "seed"), "--scale", "0.002")
    for table in ("brewery", "beer", "profile", "review"):
        cli.run("ingest", str(tmp_path / "seed" / f"{table}.csv.gz"), "--table", table)
    cli.run("process", "all")
    shutil.copytree(ADDED / "tables", manifest / "tables", dirs_exist_ok=True)
    cli.run("ingest", str(extract_with_ibu(tmp_path / "seed", tmp_path / "beer-with-ibu.csv.gz")), "--table", "beer")
    cli.run("process", "all")

    ours = Counter((row["beer_id"], row["beer_ibu"]) for row in cli.query("SELECT beer_id, beer_ibu FROM silver.beer"))
    assert sum(count for (_, ibu), count in ours.items() if ibu is not None) == CARRIED

    catalog = lake_catalog(cli.home)
    session = lake_session(spark, "sqlite", sqlite_path=catalog.sqlite_path, warehouse=catalog.warehouse)
    frame = session.table(catalog_table("silver.beer"))
    assert Counter(tuple(row) for row in frame.select("beer_id", "beer_ibu").collect()) == ours

    pyiceberg = SqlCatalog(
        lake_contract().catalog_name, uri=f"sqlite:///{catalog.sqlite_path}", warehouse=catalog.warehouse
    )
    table = pyiceberg.load_table(catalog_table("silver.beer").split(".", 1)[1])
    assert [(f.field_id, str(f.field_type)) for f in table.schema().fields if f.name == "beer_ibu"] == [(6, "int")]
    rows = table.scan(selected_fields=("beer_id", "beer_ibu")).to_arrow().to_pylist()
    assert Counter((row["beer_id"], row["beer_ibu"]) for row in rows) == ours
