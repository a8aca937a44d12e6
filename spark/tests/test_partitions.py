"""Partitions: the predicate that selects exactly a set of them (nulls included), and their JSON as the TypeScript
side writes it."""

from __future__ import annotations

from pyspark.sql import SparkSession

from datamaster_spark.jobs.partitions import live_partitions, partition_predicate, partitions_json

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
    assert partitions_json([]) == "[]"
    assert partitions_json([{}]) == "[{}]"


def test_partitions_holding_only_tombstones_are_not_handed_downstream():
    partitions = [{"review_year": 2024, "review_month": 1}, {"review_year": None, "review_month": None}]
    assert live_partitions(partitions) == [{"review_year": 2024, "review_month": 1}]
    assert live_partitions([{}]) == [{}]
