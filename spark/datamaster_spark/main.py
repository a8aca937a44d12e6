"""The Spark job's command line: ``python -m datamaster_spark.main --layer silver --table review --execution-id X``
plus where the lake is, the same arguments on EMR Serverless (dist/spark/main.py) and locally.

stdout gets exactly one line, the job's result as JSON (the TypeScript JobResult, snapshotId as a string), and
only on success; logs and the error go to stderr. Exit 0: committed or nothing to do; 1: the job failed (its
ledger records are failed with the message); 2: invalid arguments.

The processing state machine passes only --layer/--table/--execution-id on AWS, so every location flag also
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

from datamaster_spark.jobs.context import JobContext, JobRequest, Lake
from datamaster_spark.jobs.run_job import run_job
from datamaster_spark.lake_home import lake_home_config
from datamaster_spark.ledger import TABLE_ENV, endpoint_from_env, local_endpoint, open_ledger
from datamaster_spark.session import build_session

LAYERS = ("silver", "gold")
log = logging.getLogger("datamaster_spark")


@dataclass(frozen=True)
class Flag:
    name: str
    env: str
    help: str


LOCATION_FLAGS = (
    Flag("--catalog", "DATAMASTER_CATALOG", "sqlite (a local lake home) or glue (AWS)"),
    Flag("--lake-home", "DATAMASTER_HOME", "sqlite: the lake home (its config.json names catalog, lake and ledger)"),
    Flag("--warehouse", "DATAMASTER_WAREHOUSE", "glue: s3://bucket[/prefix] of the Iceberg tables"),
    Flag("--bronze-bucket", "DATAMASTER_BRONZE_BUCKET", "glue: the bucket the bronze object keys are in"),
    Flag("--ledger-table", TABLE_ENV, "glue: the control ledger's DynamoDB table (sqlite: from config.json)"),
    Flag("--glue-catalog-id", "DATAMASTER_GLUE_CATALOG_ID", "glue: another account's catalog (optional)"),
)


def parse_args(argv: Sequence[str], env: Mapping[str, str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="datamaster_spark.main", description=__doc__.split("\n\n")[0])
    parser.add_argument("--layer", required=True, choices=LAYERS)
    parser.add_argument("--table", required=True, help="e.g. review, review_flat, top_drinkers")
    parser.add_argument("--execution-id", required=True, help="the processing execution (the ledger's executionId)")
    return parse_location_args(parser, argv, env)


def parse_location_args(
    parser: argparse.ArgumentParser, argv: Sequence[str], env: Mapping[str, str]
) -> argparse.Namespace:
    """Adds the lake's location flags (LOCATION_FLAGS) to ``parser``, parses, and checks the catalog's needs."""
    for flag in LOCATION_FLAGS:
        parser.add_argument(flag.name, default=env.get(flag.env) or None, help=f"{flag.help} [${flag.env}]")
    args = parser.parse_args(argv)
    required = {"sqlite": ("lake_home",), "glue": ("warehouse", "bronze_bucket", "ledger_table")}
    if args.catalog not in required:
        parser.error(f"--catalog must be sqlite or glue (or set $DATAMASTER_CATALOG), got {args.catalog!r}")
    missing = [f"--{name.replace('_', '-')}" for name in required[args.catalog] if getattr(args, name) is None]
    if missing:
        parser.error(f"--catalog {args.catalog} needs {', '.join(missing)}")
    return args


def job_context(args: argparse.Namespace, env: Mapping[str, str]) -> JobContext:
    """The lake, the ledger and a session factory for the arguments (no JVM is started here)."""
    session: Callable[[], SparkSession]
    if args.catalog == "sqlite":
        home = Path(args.lake_home)
        config = lake_home_config(home)
        ledger = open_ledger(local_endpoint(home, env), config.ledger_table)
        bronze_root = config.storage_root

        def session() -> SparkSession:
            catalog = config.catalog
            return _quiet(build_session("sqlite", sqlite_path=catalog.sqlite_path, warehouse=catalog.warehouse))

    else:
        # On AWS the SDK finds region and credentials itself; an endpoint only points at a local server.
        ledger = open_ledger(endpoint_from_env(env), args.ledger_table)
        bronze_root = args.bronze_bucket if args.bronze_bucket.startswith("s3://") else f"s3://{args.bronze_bucket}"

        def session() -> SparkSession:
            return _quiet(build_session("glue", warehouse=args.warehouse, glue_catalog_id=args.glue_catalog_id))

    return JobContext(session=session, lake=Lake(bronze_root), ledger=ledger)


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
    request = JobRequest(layer=args.layer, table=args.table, execution_id=args.execution_id)
    ctx = None
    try:
        ctx = job_context(args, environment)
        endpoint = ctx.ledger.client.meta.endpoint_url
        log.info(
            "%s: job of execution %s, ledger %s at %s",
            request.ref,
            request.execution_id,
            ctx.ledger.table_name,
            endpoint,
        )
        result = run_job(ctx, request)
    except Exception as error:
        log.error("%s failed", request.ref, exc_info=True)
        print(f"datamaster-spark: error: {error}", file=sys.stderr, flush=True)
        return 1
    finally:
        # Spark was started only if work was due (the session is a cached property).
        if ctx is not None and "spark" in vars(ctx):
            ctx.spark.stop()
    print(result.to_json(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
