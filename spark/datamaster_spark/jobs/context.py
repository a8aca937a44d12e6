"""What every job receives and returns: the request (the state machine's arguments), where the lake is, and the
JobCommit of libs/lake-contract/src/processing/work.ts."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable

from pyspark.sql import SparkSession

from datamaster_spark.contract import Contract, lake_contract

# Spark's file sources expand Hadoop glob patterns; an object key is a name (a raw object such as
# `review[2024].csv.gz` keeps its brackets), so these characters are escaped, as Hadoop's GlobPattern reads them.
_GLOB_CHARACTERS = re.compile(r"([\\\[\]{}*?])")


@dataclass(frozen=True)
class JobRequest:
    """The arguments the processing state machine passes (--layer, --table, --execution-id, --work)."""

    layer: str
    table: str
    execution_id: str
    # The work file's key, relative to the object-store root: work/<layer>/<table>/<workId>.json.
    work_key: str

    @property
    def ref(self) -> str:
        return f"{self.layer}.{self.table}"


@dataclass(frozen=True)
class Lake:
    """Where object keys (bronze files, work files) resolve: ``file:///<home>/lake`` locally, ``s3://<lake bucket>``
    on AWS. Silver and gold are in the session's catalog."""

    object_root: str

    def location(self, object_key: str) -> str:
        return f"{self.object_root.rstrip('/')}/{object_key}"

    @staticmethod
    def literal(location: str) -> str:
        """The location as a path Spark reads literally, never as a pattern."""
        return _GLOB_CHARACTERS.sub(r"\\\1", location)


@dataclass
class JobContext:
    # Started on first use: arguments and the work file are checked before a JVM starts.
    session: Callable[[], SparkSession]
    lake: Lake
    contract: Contract = field(default_factory=lake_contract)

    @cached_property
    def spark(self) -> SparkSession:
        return self.session()


@dataclass(frozen=True)
class JobCommit:
    """The snapshot that holds a job's work: committed now, or by an earlier attempt (already_committed)."""

    ref: str
    work_id: str
    # Iceberg Java draws 63-bit ids; a string keeps them exact in JavaScript, which parses this line.
    snapshot_id: str
    already_committed: bool

    def to_shape(self) -> dict[str, object]:
        """The TypeScript JobCommit's fields and names, in its order."""
        return {
            "ref": self.ref,
            "workId": self.work_id,
            "snapshotId": self.snapshot_id,
            "alreadyCommitted": self.already_committed,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_shape(), separators=(",", ":"), ensure_ascii=False)
