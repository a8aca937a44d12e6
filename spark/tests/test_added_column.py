"""Spark and PyIceberg read a table the embedded engine evolved: beer_ibu, which apps/cli/src/testing/added-column
adds to beer.json, reaches silver.beer of a lake that already held data (a new Iceberg schema, the column under
its manifest field id). Rows written before read null, the rows of the extract that carries it its values, as
`datamaster query` sees them. apps/cli/src/added-column.test.ts runs the same folder on the embedded engine."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from pyspark.sql import SparkSession

from datamaster_spark import catalog_table, lake_catalog, lake_session
from lake_homes import pyiceberg_catalog, pyiceberg_table
from manifest_copy import Extract, ManifestCopyLake

# The beers the new extract carries, with beer_ibu = 10 + beer_id.
CARRIED = 12


def extract_with_ibu(lake: ManifestCopyLake) -> Path:
    seed = lake.seed_extract("beer")
    carried = [f"{line},{10 + int(line.split(',')[0])}" for line in seed.lines[:CARRIED]]
    return lake.write_extract("beer-with-ibu", Extract(f"{seed.header},beer_ibu", carried))


def test_spark_and_pyiceberg_read_a_table_the_embedded_engine_evolved(spark: SparkSession, tmp_path: Path) -> None:
    lake = ManifestCopyLake(tmp_path)
    cli = lake.cli
    lake.fill()
    cli.run("process", "all")
    lake.lay_over("added-column")
    lake.ingest(extract_with_ibu(lake), "beer")
    cli.run("process", "all")

    ours = Counter((row["beer_id"], row["beer_ibu"]) for row in cli.query("SELECT beer_id, beer_ibu FROM silver.beer"))
    assert sum(count for (_, ibu), count in ours.items() if ibu is not None) == CARRIED

    catalog = lake_catalog(cli.home)
    session = lake_session(spark, "sqlite", sqlite_path=catalog.sqlite_path, warehouse=catalog.warehouse)
    frame = session.table(catalog_table("silver.beer"))
    assert Counter(tuple(row) for row in frame.select("beer_id", "beer_ibu").collect()) == ours

    with pyiceberg_catalog(cli.home) as pyiceberg:
        table = pyiceberg_table(pyiceberg, "silver.beer")
        assert [(f.field_id, str(f.field_type)) for f in table.schema().fields if f.name == "beer_ibu"] == [(6, "int")]
        rows = table.scan(selected_fields=("beer_id", "beer_ibu")).to_arrow().to_pylist()
    assert Counter((row["beer_id"], row["beer_ibu"]) for row in rows) == ours
