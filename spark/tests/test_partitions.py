"""Partitions: the predicate that selects exactly a set of them (nulls included), and their JSON and digest as
the TypeScript side writes them."""

from __future__ import annotations

import hashlib
import json

from pyspark.sql import SparkSession

from datamaster_spark.jobs.downstream import requested_partitions
from datamaster_spark.jobs.partitions import partition_predicate, partitions_digest, partitions_json

COLUMNS = ("review_year", "review_month")
ALL = [(y, m) for y in (2023, 2024, None) for m in (1, 2, 12, None)]


def test_the_predicate_selects_exactly_the_given_partitions_nulls_included(spark: SparkSession):
    frame = spark.createDataFrame(ALL, "review_year INT, review_month INT")
    chosen = [{"review_year": 2023, "review_month": 12}, {"review_year": 2024, "review_month": 1}]
    chosen += [{"review_year": 2024, "review_month": 2}, {"review_year": None, "review_month": None}]
    selected = {tuple(r) for r in frame.where(partition_predicate(COLUMNS, chosen)).collect()}
    assert selected == {(2023, 12), (2024, 1), (2024, 2), (None, None)}
    assert frame.where(partition_predicate(COLUMNS, [])).count() == 0
    assert frame.where(partition_predicate((), [{}])).count() == len(ALL)


def test_partitions_are_written_as_json_stringify_writes_them():
    partitions = [{"review_year": 2024, "review_month": 1}, {"review_year": 2023, "review_month": 12}]
    assert (
        partitions_json(partitions) == '[{"review_year":2024,"review_month":1},{"review_year":2023,"review_month":12}]'
    )
    # partitionsDigest: SHA-256 of JSON.stringify(partitions.map(p => JSON.stringify(p)).sort())
    text = '["{\\"review_year\\":2023,\\"review_month\\":12}","{\\"review_year\\":2024,\\"review_month\\":1}"]'
    assert partitions_digest(partitions) == hashlib.sha256(text.encode()).hexdigest()


def test_the_partitions_of_several_records_are_united_in_first_seen_order():
    def record(*partitions: tuple[int, int]) -> dict[str, object]:
        values = [{"review_year": y, "review_month": m} for y, m in partitions]
        return {"attributes": {"partitions": json.dumps(values)}}

    records = [record((2024, 1), (2023, 12)), {"attributes": {}}, record((2023, 12), (2023, 11))]
    assert [tuple(p.values()) for p in requested_partitions(records)] == [(2024, 1), (2023, 12), (2023, 11)]
