"""One processing job, as the state machine names it (--layer, --table, --work): a source table's silver MERGE,
or the rebuild of a derived table. Exactly once per work: a work id already in the table's snapshot history is
returned as committed, never merged again. Any error becomes JobFailedError (the state machine's FailWork task
records it on the work's ledger records)."""

from __future__ import annotations

import logging
import time

from datamaster_spark.errors import JobFailedError, NotProcessableTableError
from datamaster_spark.jobs.context import JobCommit, JobContext, JobRequest
from datamaster_spark.jobs.derived import rebuild_derived_table
from datamaster_spark.jobs.iceberg_io import committed_snapshot
from datamaster_spark.jobs.silver_merge import merge_silver_table
from datamaster_spark.jobs.summary import work_marker
from datamaster_spark.jobs.work_file import read_work

log = logging.getLogger(__name__)


def run_job(ctx: JobContext, request: JobRequest) -> JobCommit:
    started = time.monotonic()
    tables = ctx.contract.iceberg_tables
    table = next((t for t in tables if t.ref == request.ref), None)
    if table is None:
        raise NotProcessableTableError(request.ref, [t.ref for t in tables])
    try:
        # A local work file is read before Spark starts: a wrong key fails in a second, not after a JVM start.
        spark = None if ctx.lake.object_root.startswith("file:") else ctx.spark
        work = read_work(request, ctx.lake, spark, ctx.contract.work_file_version)
        name = ctx.contract.catalog_table(table.ref)
        landed = committed_snapshot(ctx.spark, name, work_marker(ctx.contract, work))
        if landed is None:
            job = merge_silver_table if table.is_source else rebuild_derived_table
            commit = JobCommit(table.ref, work.work_id, str(job(ctx, table, work)), already_committed=False)
        else:
            commit = JobCommit(table.ref, work.work_id, str(landed), already_committed=True)
    except Exception as error:
        raise JobFailedError(table.ref, error) from error
    elapsed = int((time.monotonic() - started) * 1000)
    state = "already committed" if commit.already_committed else "committed"
    log.info("%s: work %s %s as snapshot %s, %d ms", table.ref, commit.work_id, state, commit.snapshot_id, elapsed)
    return commit
