"""What a Parquet file's footer says about its columns, read through the JVM's Parquet library (the one Spark reads
with, on any file system Spark reaches: file://, s3://)."""

from __future__ import annotations

from py4j.protocol import Py4JJavaError
from pyspark.sql import SparkSession


def files_without_field_ids(spark: SparkSession, locations: list[str]) -> list[str]:
    """The files whose top-level columns carry no field id; a file whose footer cannot be read is not one of them
    (its read fails for that reason)."""
    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    found = []
    for location in locations:
        try:
            path = jvm.org.apache.hadoop.fs.Path(location)
            reader = jvm.org.apache.parquet.hadoop.ParquetFileReader.open(
                jvm.org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(path, conf)
            )
        except Py4JJavaError:
            continue
        try:
            fields = reader.getFooter().getFileMetaData().getSchema().getFields()
        finally:
            reader.close()
        if all(field.getId() is None for field in fields):
            found.append(location)
    return found
