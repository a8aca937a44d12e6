"""One processing job, as the state machine names it (--layer, --table): a source table's silver MERGE, or the
rebuild of a derived table (libs/lakehouse/src/engine/run-job.ts). Claims the due work first; on any error
fails every claimed record with the message, then raises JobFailedError."""

from __future__ import annotations

import dataclasses
import logging
import time

from datamaster_spark.errors import JobFailedError, NotProcessableTableError
from datamaster_spark.jobs.context import JobContext, JobRequest, JobResult, nothing_to_do
from datamaster_spark.jobs.derived import rebuild_derived_table
from datamaster_spark.jobs.silver_merge import merge_silver_table
from datamaster_spark.jobs.work import claim_due_work, fail_work, lease_owner

log = logging.getLogger(__name__)


def run_job(ctx: JobContext, request: JobRequest) -> JobResult:
    started = time.monotonic()
    tables = ctx.manifest.iceberg_tables
    table = next((t for t in tables if t.ref == request.ref), None)
    if table is None:
        raise NotProcessableTableError(request.ref, [t.ref for t in tables])
    records = claim_due_work(ctx, request)
    if records:
        try:
            job = merge_silver_table if table.is_source else rebuild_derived_table
            result = job(ctx, table, request, records)
        except Exception as error:
            failure = JobFailedError(table.ref, error)
            fail_work(ctx.ledger, records, lease_owner(request), str(failure))
            raise failure from error
    else:
        result = nothing_to_do(table.ref, 0)
    result = dataclasses.replace(result, duration_ms=int((time.monotonic() - started) * 1000))
    log.info("%s: %s, %d record(s), %d ms", table.ref, result.status, result.records, result.duration_ms)
    return result
