"""The Spark job's command line: ``python -m datamaster_spark.main --layer silver --table review --execution-id X
--work work/silver/review/<workId>.json`` plus where the lake is, the same arguments on EMR Serverless
(dist/spark/main.py) and locally.

stdout gets exactly one line, the job's JobCommit as JSON (snapshotId as a string), and only on success; logs and
the error go to stderr. Exit 0: committed (now or by an earlier run of the same work); 1: the job failed;
2: invalid arguments.

The processing state machine passes only --layer/--table/--execution-id/--work on AWS, so every location flag also
reads an environment variable (on EMR Serverless: ``spark.emr-serverless.driverEnv.<NAME>`` in the
SparkSubmitParameters).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from pyspark.sql import SparkSession

from datamaster_spark.contract import CONTRACT_ENV, lake_contract, use_contract
from datamaster_spark.errors import ContractDocumentError
from datamaster_spark.jobs.context import JobContext, JobRequest, Lake
from datamaster_spark.jobs.run_job import run_job
from datamaster_spark.lake_home import lake_home_config
from datamaster_spark.session import build_session

log = logging.getLogger("datamaster_spark")


@dataclass(frozen=True)
class Flag:
    name: str
    env: str
    help: str


LOCATION_FLAGS = (
    Flag("--catalog", "DATAMASTER_CATALOG", "sqlite (a local lake home) or glue (AWS)"),
    Flag("--lake-home", "DATAMASTER_HOME", "sqlite: the lake home (its config.json names catalog and object store)"),
    Flag("--warehouse", "DATAMASTER_WAREHOUSE", "glue: s3://bucket[/prefix] of the Iceberg tables"),
    Flag("--lake-bucket", "DATAMASTER_LAKE_BUCKET", "glue: the bucket the object keys (bronze, work files) are in"),
    Flag("--glue-catalog-id", "DATAMASTER_GLUE_CATALOG_ID", "glue: another account's catalog (optional)"),
    Flag("--contract", CONTRACT_ENV, "the lake contract document (default: the packaged or the repository's)"),
)


def parse_args(argv: Sequence[str], env: Mapping[str, str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="datamaster_spark.main", description=__doc__.split("\n\n")[0])
    parser.add_argument("--layer", required=True, help="silver or gold (the lake contract's Iceberg layers)")
    parser.add_argument("--table", required=True, help="e.g. review, review_flat, top_drinkers")
    parser.add_argument("--execution-id", required=True, help="the processing execution (for the logs)")
    parser.add_argument("--work", required=True, help="the work file's key: work/<layer>/<table>/<workId>.json")
    args = parse_location_args(parser, argv, env)
    layers = lake_contract().iceberg_layers
    if args.layer not in layers:
        parser.error(f"--layer {args.layer!r} is not one of the lake's Iceberg layers: {', '.join(layers)}")
    return args


def parse_location_args(
    parser: argparse.ArgumentParser, argv: Sequence[str], env: Mapping[str, str]
) -> argparse.Namespace:
    """Adds the lake's location flags (LOCATION_FLAGS) to ``parser``, parses, checks the catalog's needs, and makes
    the contract document (``--contract``, else the default one) the process's."""
    for flag in LOCATION_FLAGS:
        parser.add_argument(flag.name, default=env.get(flag.env) or None, help=f"{flag.help} [${flag.env}]")
    args = parser.parse_args(argv)
    required = {"sqlite": ("lake_home",), "glue": ("warehouse", "lake_bucket")}
    if args.catalog not in required:
        parser.error(f"--catalog must be sqlite or glue (or set $DATAMASTER_CATALOG), got {args.catalog!r}")
    missing = [f"--{name.replace('_', '-')}" for name in required[args.catalog] if getattr(args, name) is None]
    if missing:
        parser.error(f"--catalog {args.catalog} needs {', '.join(missing)}")
    try:
        use_contract(args.contract) if args.contract else lake_contract()
    except ContractDocumentError as error:
        parser.error(str(error))
    return args


def job_context(args: argparse.Namespace) -> JobContext:
    """The lake and a session factory for the arguments (no JVM is started here)."""
    session: Callable[[], SparkSession]
    if args.catalog == "sqlite":
        config = lake_home_config(Path(args.lake_home))
        object_root = config.storage_root

        def session() -> SparkSession:
            catalog = config.catalog
            return _quiet(build_session("sqlite", sqlite_path=catalog.sqlite_path, warehouse=catalog.warehouse))

    else:
        bucket = args.lake_bucket
        object_root = bucket if bucket.startswith("s3://") else f"s3://{bucket}"

        def session() -> SparkSession:
            return _quiet(build_session("glue", warehouse=args.warehouse, glue_catalog_id=args.glue_catalog_id))

    return JobContext(session=session, lake=Lake(object_root), contract=lake_contract())


def log_to_stderr() -> None:
    # Our logger only: py4j logs at INFO too, and would add lines after the result (spark-submit merges the
    # Python driver's stderr into its stdout).
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)


def _quiet(spark: SparkSession) -> SparkSession:
    spark.sparkContext.setLogLevel("WARN")
    return spark


def main(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    environment = os.environ if env is None else env
    args = parse_args(sys.argv[1:] if argv is None else argv, environment)
    log_to_stderr()
    request = JobRequest(args.layer, args.table, args.execution_id, args.work)
    ctx = None
    try:
        ctx = job_context(args)
        log.info("%s: work %s of execution %s", request.ref, request.work_key, request.execution_id)
        commit = run_job(ctx, request)
    except Exception as error:
        log.error("%s failed", request.ref, exc_info=True)
        print(f"datamaster-spark: error: {error}", file=sys.stderr, flush=True)
        return 1
    finally:
        # Spark was started only if the job got that far (the session is a cached property).
        if ctx is not None and "spark" in vars(ctx):
            ctx.spark.stop()
    print(commit.to_json(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
