"""Job runs on one lake home: the EMR artifacts of `nx run spark:package` run as EMR Serverless runs them
(spark-submit of main.py with the package in --py-files and the dependencies unpacked, here on local Spark) on
work the TypeScript side registered, the command line and its one line of JSON, the ledger as `datamaster status`
reads it afterwards; then a failing job, and two writers racing for one partition."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyspark
import pytest
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from bronze_files import land_bronze
from datamaster_cli import REPO_ROOT
from datamaster_spark.errors import JobFailedError
from datamaster_spark.jobs.context import JobRequest
from datamaster_spark.jobs.iceberg_io import commit_with_retry, current_snapshot, overwrite, table_at
from datamaster_spark.jobs.run_job import run_job
from datamaster_spark.ledger import now_ms
from datamaster_spark.manifest import catalog_table
from datamaster_spark.session import local_jars
from lake_homes import ScenarioHome, create_homes, remove_homes

SPARK_DIR = REPO_ROOT / "spark"
sys.path.insert(0, str(SPARK_DIR / "emr"))
import build_artifacts  # noqa: E402

# A Python without the venv's packages, as EMR's: boto3 must come from the dependencies archive.
BARE_PYTHON = "/usr/bin/python3"
EXTRACT = "brewery_id,brewery_name\n5,Epsilon\n6,Zeta\n7,Eta\n"


def _brewery(brewery_id: int, name: str) -> dict[str, Any]:
    return {
        "op": "update",
        "change_ts": "2099-01-01T00:00:00Z",
        "change_seq": 1,
        "brewery_id": brewery_id,
        "brewery_name": name,
    }


@pytest.fixture(scope="module")
def home(spark: SparkSession) -> Iterator[ScenarioHome]:
    homes = create_homes(spark, ["submit"], "submit")
    try:
        yield homes["submit"]
    finally:
        remove_homes(homes)


@dataclass(frozen=True)
class Artifacts:
    entry_point: Path
    package: Path
    dependencies: Path


@pytest.fixture(scope="module")
def artifacts() -> Iterator[Artifacts]:
    out_dir = Path(tempfile.mkdtemp(prefix="datamaster-spark-package-"))
    try:
        yield Artifacts(*build_artifacts.build(out_dir))
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)


def _submit(home: ScenarioHome, artifacts: Artifacts, *args: str) -> subprocess.CompletedProcess[str]:
    """spark-submit as EMR Serverless runs the job: in a working folder where the dependencies archive is unpacked
    as ./deps, with a Python that has neither boto3 nor datamaster_spark (the archive is the only copy)."""
    work = Path(tempfile.mkdtemp(prefix="datamaster-spark-submit-"))
    with tarfile.open(artifacts.dependencies) as deps:
        deps.extractall(work / "deps")  # our own archive (Python 3.11.2 has no extraction filters)
    command = [
        str(SPARK_DIR / ".venv" / "bin" / "spark-submit"),
        "--master",
        "local[2]",
        "--driver-memory",
        "1g",
        "--conf",
        "spark.ui.enabled=false",
        "--jars",
        ",".join(str(j) for j in local_jars()),
        "--py-files",
        str(artifacts.package),
        str(artifacts.entry_point),
        *args,
    ]
    env = {
        **{k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
        **home.server.env(),
        # The venv's pyspark is the Spark installation; spark-submit puts its Python side on the path.
        "SPARK_HOME": str(Path(pyspark.__file__).parent),
        "PYSPARK_PYTHON": BARE_PYTHON,
    }
    try:
        return subprocess.run(command, cwd=work, env=env, capture_output=True, text=True, timeout=600, check=False)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _status(home: ScenarioHome) -> list[dict[str, Any]]:
    return json.loads(home.cli.run("status", "--json", "--layer", "silver", "--table", "brewery"))["records"]


def test_the_archive_holds_the_package_the_manifest_and_the_transform_sql(artifacts: Artifacts):
    names = set(zipfile.ZipFile(artifacts.package).namelist())
    manifest_dir = REPO_ROOT / "libs" / "lake-manifest"
    for folder, pattern in (("tables", "*.json"), ("transforms", "*.sql")):
        files = {p.relative_to(manifest_dir).as_posix() for p in (manifest_dir / folder).rglob(pattern)}
        assert files, f"no {pattern} under {manifest_dir / folder}"
        assert {f"datamaster_spark/lake_manifest/{f}" for f in files} <= names
    modules = {
        f"datamaster_spark/{p.relative_to(SPARK_DIR / 'datamaster_spark').as_posix()}"
        for p in (SPARK_DIR / "datamaster_spark").rglob("*.py")
    }
    assert modules <= names
    assert "from datamaster_spark.main import main" in artifacts.entry_point.read_text()
    # Reproducible: the same sources give the same bytes.
    again = Path(tempfile.mkdtemp(prefix="datamaster-spark-package-again-"))
    try:
        assert build_artifacts.build_package(again).read_bytes() == artifacts.package.read_bytes()
    finally:
        shutil.rmtree(again, ignore_errors=True)


def test_the_dependencies_archive_holds_boto3_for_emrs_python(artifacts: Artifacts):
    with tarfile.open(artifacts.dependencies) as deps:
        members = deps.getmembers()
    tops = {m.name.split("/")[0] for m in members}
    assert {"boto3", "botocore", "s3transfer", "jmespath", "dateutil", "urllib3"} <= tops
    # pinned for EMR's Python 3.9, not the venv's boto3
    assert "boto3-1.42.97.dist-info" in tops
    assert not [m.name for m in members if "__pycache__" in m.name or m.name.startswith("bin/")]
    assert {(m.mtime, m.uid, m.gid) for m in members} == {(build_artifacts.FIXED_EPOCH, 0, 0)}


def test_main_py_with_the_archives_merges_work_the_typescript_side_registered(home: ScenarioHome, artifacts: Artifacts):
    extract = home.path / "brewery-extract.csv.gz"
    extract.write_bytes(gzip.compress(EXTRACT.encode()))
    # The TypeScript ingestion writes the bronze file and registers its silver work.
    home.cli.run("ingest", str(extract), "--table", "brewery", "--json")
    [pending] = _status(home)
    assert pending["status"] == "pending"

    done = _submit(
        home,
        artifacts,
        "--layer",
        "silver",
        "--table",
        "brewery",
        "--execution-id",
        "exec-submit",
        "--catalog",
        "sqlite",
        "--lake-home",
        str(home.path),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    # spark-submit merges the Python driver's stderr (our log lines) into its stdout: the result is the last line.
    *logs, line = done.stdout.splitlines()
    assert not [log for log in logs if log.startswith("{")]
    result = json.loads(line)
    assert list(result) == [
        "ref",
        "status",
        "records",
        "rowsIn",
        "rowsWritten",
        "filesAdded",
        "partitionsRewritten",
        "snapshotId",
        "downstream",
        "durationMs",
    ]
    assert result | {"snapshotId": "?", "durationMs": 0, "filesAdded": 0} == {
        "ref": "silver.brewery",
        "status": "committed",
        "records": 1,
        "rowsIn": 3,
        "rowsWritten": 3,
        "filesAdded": 0,
        "partitionsRewritten": 1,
        "snapshotId": "?",
        # no review references these breweries: nothing for review_flat to recompute
        "downstream": [],
        "durationMs": 0,
    }
    assert isinstance(result["snapshotId"], str)
    assert result["snapshotId"].isdigit()

    # TypeScript reads what Python wrote, and the snapshot id survives exactly, however large.
    [settled] = _status(home)
    bronze = home.path / "lake" / settled["objectKey"]
    assert settled["status"] == "succeeded"
    assert settled["computeTarget"] == "spark"
    assert settled["executionId"] == "exec-submit"
    assert "leaseOwner" not in settled
    assert settled["attributes"]["snapshotId"] == result["snapshotId"]
    assert settled["checksum"] == hashlib.sha256(bronze.read_bytes()).hexdigest()
    assert (settled["rowsIn"], settled["rowsOut"], settled["bytesIn"]) == (3, 3, settled["objectSize"])
    rows = home.rows(["silver.brewery"])["silver.brewery"]
    assert {row[1] for row in rows} == {"Epsilon", "Zeta", "Eta"}


def test_a_job_with_nothing_due_answers_from_the_ledger_without_starting_spark(home: ScenarioHome):
    command = [
        sys.executable,
        "-m",
        "datamaster_spark.main",
        "--layer",
        "gold",
        "--table",
        "top_drinkers",
        "--execution-id",
        "exec-idle",
    ]
    env = {**os.environ, **home.server.env(), "DATAMASTER_CATALOG": "sqlite", "DATAMASTER_HOME": str(home.path)}
    done = subprocess.run(command, cwd=SPARK_DIR, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result | {"durationMs": 0} == {
        "ref": "gold.top_drinkers",
        "status": "nothing-to-do",
        "records": 0,
        "rowsIn": 0,
        "rowsWritten": 0,
        "filesAdded": 0,
        "partitionsRewritten": 0,
        "downstream": [],
        "durationMs": 0,
    }
    assert "SparkContext" not in done.stderr


@pytest.mark.parametrize(
    ("args", "env", "code", "message"),
    [
        (["--layer", "bronze", "--table", "x", "--execution-id", "e"], {}, 2, "invalid choice: 'bronze'"),
        (
            ["--layer", "silver", "--table", "beer", "--execution-id", "e", "--catalog", "glue"],
            {},
            2,
            "--catalog glue needs --warehouse, --bronze-bucket, --ledger-table",
        ),
        (
            ["--layer", "silver", "--table", "nope", "--execution-id", "e"],
            {"DATAMASTER_CATALOG": "sqlite"},
            1,
            "not a table the engine builds",
        ),
    ],
)
def test_bad_arguments_are_refused_with_what_to_fix(
    home: ScenarioHome, args: list[str], env: dict[str, str], code: int, message: str
):
    command = [sys.executable, "-m", "datamaster_spark.main", *args]
    environment = {**os.environ, **home.server.env(), "DATAMASTER_HOME": str(home.path), **env}
    done = subprocess.run(
        command, cwd=SPARK_DIR, env=environment, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == code
    assert message in done.stderr
    assert done.stdout == ""


def test_a_local_run_without_a_ledger_endpoint_names_the_run_file(tmp_path: Path):
    (tmp_path / "config.json").write_text(
        json.dumps(
            {
                "storage": {"uri": "lake"},
                "ledger": {"dataDir": "ledger", "tableName": "t"},
                "catalog": {"sqlitePath": "c.db", "warehouse": "lake"},
            }
        )
    )
    command = [
        sys.executable,
        "-m",
        "datamaster_spark.main",
        "--layer",
        "silver",
        "--table",
        "beer",
        "--execution-id",
        "e",
        "--catalog",
        "sqlite",
        "--lake-home",
        str(tmp_path),
    ]
    env = {k: v for k, v in os.environ.items() if k != "DATAMASTER_LEDGER_ENDPOINT"}
    done = subprocess.run(command, cwd=SPARK_DIR, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1
    assert f"{tmp_path / 'run' / 'ledger.json'} is missing" in done.stderr


def test_a_failing_job_fails_its_records_with_the_reason_and_leaves_the_table_as_it_was(home: ScenarioHome):
    before = home.rows(["silver.brewery"])
    record = land_bronze(home.path / "lake", home.ledger, "brewery", "broken", [_brewery(5, "Epsilon 2")])
    (home.path / "lake" / record["objectKey"]).write_text("not parquet")
    ctx = home.context()
    with pytest.raises(JobFailedError, match=r"^silver\.brewery: "):
        run_job(ctx, JobRequest("silver", "brewery", "exec-broken"))
    [failed] = [r for r in _status(home) if r["recordId"] == record["recordId"]]
    assert failed["status"] == "failed"
    assert failed["lastError"]["message"].startswith("silver.brewery: ")
    assert failed["lastError"]["attempt"] == 1
    assert "leaseOwner" not in failed
    assert home.rows(["silver.brewery"]) == before
    # Repaired and due again (the backoff has passed on the ledger's clock), the retry commits.
    land_bronze(home.path / "lake", home.ledger, "brewery", "broken", [_brewery(5, "Epsilon 2")])
    home.ledger.clock = lambda: now_ms() + 60_000
    assert run_job(ctx, JobRequest("silver", "brewery", "exec-retry")).status == "committed"
    assert tuple(r[1] for r in home.rows(["silver.brewery"])["silver.brewery"] if r[0] == 5) == ("Epsilon 2",)


def test_a_bronze_file_named_like_a_glob_pattern_is_read_as_that_one_file(home: ScenarioHome):
    # Spark's file sources expand [..], {..}, * and ?; the key must be read literally, not matched.
    record = land_bronze(home.path / "lake", home.ledger, "brewery", "brewery[2024]{a,b}*", [_brewery(8, "Theta")])
    result = run_job(home.context(), JobRequest("silver", "brewery", "exec-glob"))
    assert (result.status, result.rows_in) == ("committed", 1)
    [settled] = [r for r in _status(home) if r["recordId"] == record["recordId"]]
    assert settled["status"] == "succeeded"
    assert settled["checksum"] == hashlib.sha256((home.path / "lake" / record["objectKey"]).read_bytes()).hexdigest()
    assert tuple(r[1] for r in home.rows(["silver.brewery"])["silver.brewery"] if r[0] == 8) == ("Theta",)


def test_a_commit_over_partitions_another_writer_changed_is_refused_then_recomputed(home: ScenarioHome):
    spark = home.session()
    name = catalog_table("silver.brewery")
    base = current_snapshot(spark, name)
    rows = table_at(spark, name, base)
    # Another writer commits to the (only) partition after this one read it...
    overwrite(rows, name, F.lit(True), base)
    # ...so a commit computed from the old snapshot fails validation instead of overwriting that change,
    with pytest.raises(Exception, match="ValidationException"):
        overwrite(rows, name, F.lit(True), base)
    # and commit_with_retry computes again from the new snapshot.
    bases: list[int | None] = []

    def attempt(current: int | None):
        bases.append(current)
        return overwrite(table_at(spark, name, base), name, F.lit(True), base if len(bases) == 1 else current)

    commit = commit_with_retry(spark, name, attempt)
    assert bases[0] == bases[1] != base
    assert commit.snapshot_id == current_snapshot(spark, name)


def test_process_engine_spark_reports_a_failing_job_and_fails_its_records(home: ScenarioHome):
    # Last in this module: the record stays failed (due again after its backoff).
    record = land_bronze(home.path / "lake", home.ledger, "brewery", "broken-served", [_brewery(9, "Iota")])
    (home.path / "lake" / record["objectKey"]).write_text("not parquet")
    done = home.cli.attempt("process", "silver", "--tables", "brewery", "--engine", "spark")
    assert done.returncode == 1, done.stdout + done.stderr
    log = home.path / "run" / "spark-jobs.log"
    assert f"Starting local Spark for this run (the first results take a while); its log: {log}" in done.stdout
    assert "ERROR silver.brewery (request 1) failed" in log.read_text()
    assert "✖ silver.brewery" in done.stdout
    assert "Spark job silver.brewery failed: silver.brewery: " in done.stdout
    assert "1 table(s) failed: silver.brewery" in done.stderr
    [failed] = [r for r in _status(home) if r["recordId"] == record["recordId"]]
    assert failed["status"] == "failed"
    assert failed["lastError"]["message"].startswith("silver.brewery: ")
