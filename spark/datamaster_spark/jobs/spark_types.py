"""The lake contract's logical types in Spark (the Iceberg types of libs/lake-manifest/src/derive/iceberg.ts)."""

from __future__ import annotations

from pyspark.sql import Column
from pyspark.sql import functions as F
from pyspark.sql.types import (
    BooleanType,
    DataType,
    DateType,
    DoubleType,
    IntegerType,
    LongType,
    StringType,
    StructField,
    StructType,
    TimestampType,
)

from datamaster_spark.contract import LakeColumn, LakeTable

SPARK_TYPES: dict[str, DataType] = {
    "boolean": BooleanType(),
    "int": IntegerType(),
    "long": LongType(),
    "double": DoubleType(),
    "string": StringType(),
    "date": DateType(),
    # Iceberg timestamptz: an instant, shown in the session time zone (UTC).
    "timestamptz": TimestampType(),
}


def cast_to(column: LakeColumn) -> Column:
    return F.col(column.name).cast(SPARK_TYPES[column.type]).alias(column.name)


def table_columns(table: LakeTable) -> list[Column]:
    """Every column of the table, in schema order, with the manifest's types (what a write must produce)."""
    return [cast_to(c) for c in table.columns]


def schema_of(table: LakeTable, columns: tuple[str, ...]) -> StructType:
    """Some of the table's columns as a nullable Spark schema."""
    return StructType([StructField(c, SPARK_TYPES[table.column(c).type], True) for c in columns])
