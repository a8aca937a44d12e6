"""What the Spark side reads from the contract document (libs/lake-contract/generated/lake-contract.json) is what
libs/lake-manifest resolves and fills now: the tables, system and computed columns included, and the SQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from datamaster_spark.contract import REPO_FILE, LakeTable, lake_contract, parse_contract, read_contract
from datamaster_spark.errors import ContractDocumentError, MissingTransformError, UnknownLayerError, UnknownTableError
from ts_driver import typescript_manifest


@pytest.fixture(scope="module")
def theirs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    return typescript_manifest(tmp_path_factory.mktemp("ts-driver"))


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


def test_the_tables_are_the_resolved_manifests_table_by_table_in_the_same_order(theirs: dict[str, object]):
    ours = lake_contract()
    assert ours.databases == theirs["databases"]
    assert [_shape(t) for t in ours.tables] == theirs["tables"]
    review = ours.table("silver.review")
    assert [c.name for c in review.columns if c.origin == "system"] == ["created_at", "updated_at", "deleted_at"]
    assert review.column("review_year").expression == "CAST(year(review_time) AS INT)"


def test_the_merge_comes_filled_and_every_derived_table_has_its_select(theirs: dict[str, object]):
    contract = lake_contract()
    assert contract.silver_merge_sql == theirs["silverMerge"]
    assert contract.derived_sql == theirs["derived"]
    review = contract.transform_sql(contract.table("silver.review"))
    assert "{{" not in review
    assert ", CAST(year(review_time) AS INT) AS review_year" in review
    for table in contract.iceberg_tables:
        assert "SELECT" in contract.transform_sql(table)


def test_the_layers_catalog_and_commit_summary_names_are_the_contracts():
    contract = lake_contract()
    assert contract.iceberg_layers == ("silver", "gold")
    assert contract.catalog_table("gold.top_drinkers") == "datamaster.dm_gold.top_drinkers"
    assert contract.commit_summary["workId"] == "datamaster.work-id"
    assert contract.work_file_version == 1


def test_unknown_names_are_refused_with_the_known_ones():
    contract = lake_contract()
    with pytest.raises(UnknownTableError, match=r"silver\.nope.*silver\.review"):
        contract.table("silver.nope")
    with pytest.raises(UnknownLayerError, match="silver"):
        contract.catalog_table("platinum.review")
    with pytest.raises(MissingTransformError, match=r"bronze\.review.*silver\.review_flat"):
        contract.transform_sql(contract.table("bronze.review"))


def test_a_document_of_another_version_or_shape_is_refused_with_how_to_regenerate_it(tmp_path: Path):
    document = json.loads(REPO_FILE.read_text(encoding="utf-8"))
    with pytest.raises(ContractDocumentError, match=r"has version 2; this code reads version 1.*lake-contract:export"):
        parse_contract(json.dumps({**document, "version": 2}), "x.json")
    with pytest.raises(ContractDocumentError, match=r"x\.json lacks a field this code reads \('transforms'\)"):
        parse_contract(json.dumps({k: v for k, v in document.items() if k != "transforms"}), "x.json")
    with pytest.raises(ContractDocumentError, match="cannot be read"):
        read_contract(tmp_path / "missing.json")
