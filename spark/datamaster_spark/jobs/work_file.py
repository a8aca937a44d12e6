"""The work file a job consumes (``ProcessingWork`` of libs/lake-contract/src/processing/work.ts), written by the
ClaimWork task at ``work/<layer>/<table>/<workId>.json`` under the lake's object-store root. Everything the job
reads is fixed in it: the bronze files to merge, or the partitions to recompute and the upstream snapshots to read
them from. A job never reads or writes the ledger."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyspark.sql import SparkSession

from datamaster_spark.errors import WorkFileError
from datamaster_spark.jobs.context import JobRequest, Lake
from datamaster_spark.jobs.partitions import Partition, partition_of

_LOCAL = "file:"


@dataclass(frozen=True)
class ProcessingWork:
    # Where it was read from, for messages.
    location: str
    work_id: str
    layer: str
    table: str
    # Silver of a source table: the keys of the bronze objects to merge (relative to the object-store root), e.g.
    # bronze/review/ingest_date=2024-06-01/x.parquet. Their record ids, etags and sizes are the settle task's.
    input_keys: tuple[str, ...]
    # Derived tables: the partitions to recompute, as JSON objects of the partition columns.
    partitions: tuple[dict[str, Any], ...]
    # Derived tables: each upstream table's snapshot to read (None: the table was empty at claim time).
    upstream_snapshots: dict[str, int | None]

    @property
    def ref(self) -> str:
        return f"{self.layer}.{self.table}"

    def partitions_of(self, columns: tuple[str, ...]) -> list[Partition]:
        """The partitions to recompute, in the table's own partitioning. The upstream commits name partitions of
        theirs: each must give a value for every partition column of the table, and a table partitioned more coarsely
        (review_year of review_year, review_month) recomputes each of its partitions once."""
        own: dict[str, Partition] = {}
        for partition in self.partitions:
            missing = [c for c in columns if c not in partition]
            if missing:
                problem = (
                    f"names partition {partition}, without {missing} of {self.ref}'s partition columns {list(columns)}"
                )
                raise WorkFileError(self.location, problem)
            values = partition_of(partition, columns)
            own[json.dumps(values, sort_keys=True)] = values
        return list(own.values())

    def upstream_snapshot(self, ref: str) -> int | None:
        if ref not in self.upstream_snapshots:
            named = ", ".join(self.upstream_snapshots) or "none"
            raise WorkFileError(self.location, f"has no upstream snapshot for {ref} (it names: {named})")
        return self.upstream_snapshots[ref]


def read_work(request: JobRequest, lake: Lake, spark: SparkSession | None, version: int) -> ProcessingWork:
    """The request's work file, checked to be the work of this job. A local file is read directly; anything else
    (s3://) through Spark's file systems, so ``spark`` must be given for it."""
    location = lake.location(request.work_key)
    try:
        text = _read_text(location, spark)
    except Exception as error:
        raise WorkFileError(location, f"cannot be read ({error})") from error
    try:
        work = parse_work(json.loads(text), version, location)
    except (ValueError, KeyError, TypeError) as error:
        raise WorkFileError(location, f"is not a work file of version {version} ({error})") from error
    if (work.layer, work.table) != (request.layer, request.table):
        raise WorkFileError(location, f"holds the work of {work.ref}, not of {request.ref}")
    return work


def parse_work(document: dict[str, Any], version: int, location: str) -> ProcessingWork:
    if document["version"] != version:
        raise ValueError(f"version {document['version']!r}")
    return ProcessingWork(
        location=location,
        work_id=document["workId"],
        layer=document["layer"],
        table=document["table"],
        input_keys=tuple(i["objectKey"] for i in document["inputs"]),
        partitions=tuple(dict(p) for p in document["partitions"]),
        upstream_snapshots={
            ref: None if snapshot is None else int(snapshot) for ref, snapshot in document["upstreamSnapshots"].items()
        },
    )


def _read_text(location: str, spark: SparkSession | None) -> str:
    if location.startswith(_LOCAL):
        return Path("/" + location[len(_LOCAL) :].lstrip("/")).read_text(encoding="utf-8")
    if spark is None:
        raise ValueError(f"{location} is not a local file, and no Spark session was given to read it")
    [row] = spark.read.text(Lake.literal(location), wholetext=True).collect()
    return row.value
