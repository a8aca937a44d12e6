"""The Python resolution of the lake manifest and the filled MERGE template equal the TypeScript ones."""

from __future__ import annotations

import pytest

from datamaster_spark.errors import TransformTemplateError, UnknownLayerError, UnknownTableError
from datamaster_spark.manifest import LakeTable, catalog_table, lake_manifest
from datamaster_spark.transforms import derived_table_sql, silver_merge_sql
from ts_driver import TsDriver


def _shape(table: LakeTable) -> dict[str, object]:
    return {
        "ref": table.ref,
        "layer": table.layer,
        "name": table.name,
        "columns": [
            {
                "id": c.id,
                "name": c.name,
                "type": c.type,
                "nullable": c.nullable,
                "origin": c.origin,
                "expression": c.expression,
            }
            for c in table.columns
        ],
        "primaryKey": list(table.primary_key),
        "partitionBy": list(table.partition_by),
        "upstream": list(table.upstream),
        "isSource": table.is_source,
    }


def test_the_resolved_manifest_is_the_typescript_one_table_by_table_in_the_same_order(ts_driver: TsDriver):
    theirs = ts_driver.manifest()
    ours = lake_manifest()
    assert ours.databases == theirs["databases"]
    assert [_shape(t) for t in ours.tables] == theirs["tables"]


def test_the_merge_template_is_filled_as_the_typescript_side_fills_it(ts_driver: TsDriver):
    theirs = ts_driver.manifest()["silverMerge"]
    ours = {t.ref: silver_merge_sql(t) for t in lake_manifest().tables if t.layer == "silver" and t.is_source}
    assert ours == theirs
    assert "{{" not in ours["silver.review"]
    assert ", CAST(year(review_time) AS INT) AS review_year" in ours["silver.review"]


def test_every_derived_table_has_its_select():
    derived = [t for t in lake_manifest().tables if not t.is_source and t.upstream]
    assert {t.ref for t in derived} == {"silver.review_flat"} | {
        t.ref for t in lake_manifest().tables if t.layer == "gold"
    }
    for table in derived:
        assert derived_table_sql(table.ref).lstrip().startswith("--")
        assert "SELECT" in derived_table_sql(table.ref)


def test_unknown_names_are_refused_with_the_known_ones():
    with pytest.raises(UnknownTableError, match=r"silver\.nope.*silver\.review"):
        lake_manifest().table("silver.nope")
    with pytest.raises(UnknownLayerError, match="silver"):
        catalog_table("platinum.review")
    assert catalog_table("gold.top_drinkers", "other") == "other.dm_gold.top_drinkers"


def test_an_unknown_placeholder_names_the_known_ones(monkeypatch: pytest.MonkeyPatch):
    import datamaster_spark.transforms as transforms

    monkeypatch.setattr(transforms, "read_text", lambda *_: "SELECT {{nope}} FROM changes")
    with pytest.raises(TransformTemplateError, match=r"\{\{nope\}\}.*\{\{key\}\}"):
        transforms.silver_merge_sql(lake_manifest().table("silver.beer"))
