"""A table's current columns and their names in the schema one of its snapshots was written with, from the table's
Iceberg metadata (the Iceberg Java API through py4j: Spark SQL shows neither field ids nor older schemas)."""

from __future__ import annotations

import json

from pyspark.sql import SparkSession
from pyspark.sql.types import StructField, StructType


def columns_at(spark: SparkSession, name: str, snapshot_id: int) -> list[tuple[StructField, str | None]] | None:
    """Each column of the table's current schema (as Spark types it) with its name in the snapshot's schema, matched
    by field id; None for a column added after the snapshot. None in all, when the snapshot was written with the
    current schema (the usual case): it reads as it is."""
    jvm = spark.sparkContext._jvm
    table = jvm.org.apache.iceberg.spark.Spark3Util.loadIcebergTable(spark._jsparkSession, name)
    current = table.schema()
    snapshot = table.snapshot(snapshot_id)
    # A snapshot without a schema id (written by an old client) is read with the current schema, as Iceberg does.
    schema_id = None if snapshot is None else snapshot.schemaId()
    if schema_id is None or schema_id == current.schemaId():
        return None
    written = table.schemas().get(schema_id)
    names = {column.fieldId(): column.name() for column in written.columns()}
    spark_schema = jvm.org.apache.iceberg.spark.SparkSchemaUtil.convert(current)
    fields = StructType.fromJson(json.loads(spark_schema.json())).fields
    return [(field, names.get(column.fieldId())) for field, column in zip(fields, current.columns())]
