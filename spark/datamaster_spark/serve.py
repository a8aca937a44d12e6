"""Local Spark job server: ``python -m datamaster_spark.serve --catalog sqlite --lake-home DIR``.

`datamaster process --engine spark` starts one per run instead of one Spark application per job: a JVM costs
seconds to start and a gigabyte to hold, and a processing run has up to ten jobs, four of them side by side.
Each job runs the same code as ``datamaster_spark.main`` (the EMR Serverless entry point) in its own thread and
its own session of the one SparkContext (temp views such as ``target`` are per session).

Protocol, one JSON object per line. stdin: ``{"id": "1", "layer": "silver", "table": "review", "executionId":
"…", "work": "work/silver/review/<workId>.json"}``. stdout: ``{"datamasterJob": "1", "result": {…JobCommit…}}`` or
``{"datamasterJob": "1", "error": "…"}``;
other lines on stdout are not ours (a JVM may print there). End of stdin: finish the running jobs, stop Spark,
exit 0. Logs go to stderr.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import os
import sys
import threading
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TextIO

from pyspark.sql import SparkSession

from datamaster_spark.errors import InvalidJobRequestError
from datamaster_spark.jobs.context import JobContext, JobRequest
from datamaster_spark.jobs.run_job import run_job
from datamaster_spark.main import job_context, log_to_stderr, parse_location_args

RESPONSE_KEY = "datamasterJob"
# The processing state machine runs at most four jobs at once (its Map's MaxConcurrency).
MAX_PARALLEL_JOBS = 4
log = logging.getLogger("datamaster_spark")


class JobServer:
    """Runs job requests against one lake, sharing one SparkContext started by the first job."""

    def __init__(self, base: JobContext, out: TextIO) -> None:
        self._base = base
        self._out = out
        self._write_lock = threading.Lock()
        self._session_lock = threading.Lock()

    def _root_session(self) -> SparkSession:
        with self._session_lock:
            return self._base.spark

    def job_context(self) -> JobContext:
        """A context of its own per job (its own Spark session, temp views included) on the shared JVM."""
        return dataclasses.replace(self._base, session=lambda: self._root_session().newSession())

    def handle(self, line: str) -> None:
        request_id: Any = None
        what = "job request"
        try:
            request_id, request = parse_request(line)
            what = f"{request.ref} (request {request_id})"
            commit = run_job(self.job_context(), request)
            self._respond({RESPONSE_KEY: request_id, "result": commit.to_shape()})
        except Exception as error:
            log.error("%s failed", what, exc_info=True)
            self._respond({RESPONSE_KEY: request_id, "error": str(error)})

    def _respond(self, response: Mapping[str, Any]) -> None:
        with self._write_lock:
            self._out.write(json.dumps(response, separators=(",", ":"), ensure_ascii=False) + "\n")
            self._out.flush()

    def stop(self) -> None:
        if "spark" in vars(self._base):
            self._base.spark.stop()


def parse_request(line: str) -> tuple[Any, JobRequest]:
    try:
        message = json.loads(line)
        return message["id"], JobRequest(message["layer"], message["table"], message["executionId"], message["work"])
    except (ValueError, KeyError, TypeError) as error:
        raise InvalidJobRequestError(line, error) from error


def serve(requests: TextIO, out: TextIO, base: JobContext) -> None:
    server = JobServer(base, out)
    try:
        with ThreadPoolExecutor(MAX_PARALLEL_JOBS, thread_name_prefix="job") as pool:
            for line in requests:
                if line.strip():
                    pool.submit(server.handle, line)
    finally:
        server.stop()


def main(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    environment = os.environ if env is None else env
    parser = argparse.ArgumentParser(prog="datamaster_spark.serve", description=__doc__.split("\n\n")[0])
    args = parse_location_args(parser, sys.argv[1:] if argv is None else argv, environment)
    log_to_stderr()
    base = job_context(args)
    log.info("serving jobs for the lake at %s", base.lake.object_root)
    serve(sys.stdin, sys.stdout, base)
    return 0


if __name__ == "__main__":
    sys.exit(main())
