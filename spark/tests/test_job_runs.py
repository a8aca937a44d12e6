"""Job runs on one lake home, on hand-written work files (as the ClaimWork task writes them): the EMR artifacts of
`nx run spark:package` run as EMR Serverless runs them (spark-submit of main.py with the package in --py-files, on
local Spark), the command line and its one line of JSON (the JobCommit), the commit's snapshot summary, exactly
once per work, derived tables read at the work's upstream snapshots; then failing jobs (in process, and through
`datamaster process --engine spark`), and two writers racing for one partition."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyspark
import pytest
from bronze_work import build_registrar, land
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from bronze_files import write_bronze
from datamaster_cli import REPO_ROOT
from datamaster_spark.contract import REPO_FILE, lake_contract
from datamaster_spark.errors import JobFailedError
from datamaster_spark.jobs.context import JobCommit, JobRequest
from datamaster_spark.jobs.iceberg_io import Marker, commit_once, current_snapshot, overwrite, table_at
from datamaster_spark.jobs.run_job import run_job
from datamaster_spark.session import local_jars
from lake_homes import ScenarioHome, create_homes, remove_homes
from work_files import bronze_input, write_work

SPARK_DIR = REPO_ROOT / "spark"
sys.path.insert(0, str(SPARK_DIR / "emr"))
import build_artifacts  # noqa: E402

# A Python without the venv's packages, as EMR's: the package and the contract come from the archive.
BARE_PYTHON = "/usr/bin/python3"
SUMMARY = lake_contract().commit_summary


def _change(key: dict[str, Any], seq: int = 1, op: str = "update", ts: str = "2099-01-01T00:00:00Z", **values: Any):
    return {"op": op, "change_ts": ts, "change_seq": seq, **key, **values}


def _brewery(brewery_id: int, name: str) -> dict[str, Any]:
    return _change({"brewery_id": brewery_id}, brewery_name=name)


def _review(review_id: int, beer_id: int, time: str, overall: float) -> dict[str, Any]:
    values = {"beer_id": beer_id, "brewery_id": 1, "profile_id": 1, "review_overall": overall, "review_time": time}
    return _change({"review_id": review_id}, **values)


@pytest.fixture(scope="module")
def home(spark: SparkSession) -> Iterator[ScenarioHome]:
    homes = create_homes(spark, ["jobs"], "jobs")
    try:
        yield homes["jobs"]
    finally:
        remove_homes(homes)


def _silver_work(
    home: ScenarioHome, table: str, files: dict[str, list[dict[str, Any]]], without_ids: tuple[str, ...] = ()
) -> JobRequest:
    """Bronze files written into the home (those named in ``without_ids`` without field ids), and the silver work
    naming them."""
    inputs = []
    for name, changes in files.items():
        key, content = write_bronze(home.lake_dir, table, name, changes, field_ids=name not in without_ids)
        inputs.append(bronze_input(key, content, len(changes)))
    key, _ = write_work(home.lake_dir, f"silver.{table}", inputs=inputs)
    return JobRequest("silver", table, "exec-test", key)


def _snapshots(home: ScenarioHome, ref: str) -> list[dict[str, Any]]:
    """The table's snapshots, oldest first, each with its summary."""
    rows = home.session().table(f"{lake_contract().catalog_table(ref)}.snapshots").orderBy("committed_at").collect()
    return [{"id": r.snapshot_id, "summary": dict(r.summary)} for r in rows]


def _summary_of(home: ScenarioHome, ref: str, commit: JobCommit) -> dict[str, str]:
    [summary] = [s["summary"] for s in _snapshots(home, ref) if str(s["id"]) == commit.snapshot_id]
    return summary


@dataclass(frozen=True)
class Artifacts:
    entry_point: Path
    package: Path


@pytest.fixture(scope="module")
def artifacts() -> Iterator[Artifacts]:
    out_dir = Path(tempfile.mkdtemp(prefix="datamaster-spark-package-"))
    try:
        yield Artifacts(*build_artifacts.build(out_dir))
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)


def _submit(artifacts: Artifacts, *args: str) -> subprocess.CompletedProcess[str]:
    """spark-submit as EMR Serverless runs the job: in an empty working folder, with a Python that has no
    datamaster_spark (the archive is the only copy) and outside the repository's reach (no contract env)."""
    work = Path(tempfile.mkdtemp(prefix="datamaster-spark-submit-"))
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
        **{k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DATAMASTER_CONTRACT")},
        # The venv's pyspark is the Spark installation; spark-submit puts its Python side on the path.
        "SPARK_HOME": str(Path(pyspark.__file__).parent),
        "PYSPARK_PYTHON": BARE_PYTHON,
    }
    try:
        return subprocess.run(command, cwd=work, env=env, capture_output=True, text=True, timeout=600, check=False)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def test_the_archive_holds_the_package_and_the_contract_document(artifacts: Artifacts):
    archive = zipfile.ZipFile(artifacts.package)
    names = set(archive.namelist())
    modules = {
        f"datamaster_spark/{p.relative_to(SPARK_DIR / 'datamaster_spark').as_posix()}"
        for p in (SPARK_DIR / "datamaster_spark").rglob("*.py")
    }
    assert names == modules | {"datamaster_spark/lake-contract.json"}
    assert archive.read("datamaster_spark/lake-contract.json") == REPO_FILE.read_bytes()
    assert "from datamaster_spark.main import main" in artifacts.entry_point.read_text()
    # Reproducible: the same sources give the same bytes.
    again = Path(tempfile.mkdtemp(prefix="datamaster-spark-package-again-"))
    try:
        assert build_artifacts.build_package(again).read_bytes() == artifacts.package.read_bytes()
    finally:
        shutil.rmtree(again, ignore_errors=True)


def test_main_py_from_the_archive_merges_the_work_and_prints_the_commit(home: ScenarioHome, artifacts: Artifacts):
    files = {"extract-1": [_brewery(5, "Epsilon"), _brewery(6, "Zeta")], "extract-2": [_brewery(7, "Eta")]}
    request = _silver_work(home, "brewery", files)
    before = _snapshots(home, "silver.brewery")
    location = ["--catalog", "sqlite", "--lake-home", str(home.path)]
    job = ["--layer", "silver", "--table", "brewery", "--execution-id", "exec-submit", "--work", request.work_key]

    done = _submit(artifacts, *job, *location)
    assert done.returncode == 0, done.stdout + done.stderr
    # spark-submit merges the Python driver's stderr (our log lines) into its stdout: the result is the last line.
    *logs, line = done.stdout.splitlines()
    assert not [log for log in logs if log.startswith("{")]
    commit = json.loads(line)
    assert list(commit) == ["ref", "workId", "snapshotId", "alreadyCommitted"]
    assert request.work_key.endswith(f"/{commit['workId']}.json")
    assert (commit["ref"], commit["alreadyCommitted"]) == ("silver.brewery", False)
    # A decimal string: Iceberg Java's ids exceed 2^53, which JavaScript's numbers cannot hold.
    assert commit["snapshotId"].isdigit()

    after = _snapshots(home, "silver.brewery")
    assert len(after) == len(before) + 1
    assert str(after[-1]["id"]) == commit["snapshotId"]
    summary = after[-1]["summary"]
    assert {name: summary.get(name) for name in SUMMARY.values()} == {
        SUMMARY["workId"]: commit["workId"],
        # no review references these breweries: nothing for review_flat to recompute
        SUMMARY["downstreamPartitions"]: "[]",
        SUMMARY["partitionsRewritten"]: "1",
        SUMMARY["rowsIn"]: "3",
        SUMMARY["engine"]: "spark",
    }
    rows = home.rows(["silver.brewery"])["silver.brewery"]
    assert {row[1] for row in rows} >= {"Epsilon", "Zeta", "Eta"}


def test_the_same_work_twice_merges_once(home: ScenarioHome):
    request = _silver_work(home, "brewery", {"twice": [_brewery(10, "Kappa")]})
    first = run_job(home.context(), request)
    snapshots = _snapshots(home, "silver.brewery")
    rows = home.rows(["silver.brewery"])

    # A rerun (the state machine retried after a crash between the commit and the settle) finds the commit.
    second = run_job(home.context(), request)
    assert first.already_committed is False
    assert second == JobCommit("silver.brewery", first.work_id, first.snapshot_id, already_committed=True)
    assert _snapshots(home, "silver.brewery") == snapshots
    assert home.rows(["silver.brewery"]) == rows


def test_review_names_the_months_review_flat_must_recompute(home: ScenarioHome):
    files = {"reviews": [_review(1, 100, "2024-01-05T10:00:00Z", 4.0), _review(2, 100, "2024-02-05T10:00:00Z", 3.5)]}
    commit = run_job(home.context(), _silver_work(home, "review", files))
    summary = _summary_of(home, "silver.review", commit)
    expected = '[{"review_year":2024,"review_month":1},{"review_year":2024,"review_month":2}]'
    assert summary[SUMMARY["downstreamPartitions"]] == expected
    assert (summary[SUMMARY["partitionsRewritten"]], summary[SUMMARY["rowsIn"]]) == ("2", "2")


def test_a_derived_table_recomputes_its_partitions_from_the_upstream_snapshots_of_its_work(home: ScenarioHome):
    beer = [_change({"beer_id": 100}, beer_name="Pale Ale", brewery_id=1)]
    run_job(home.context(), _silver_work(home, "beer", {"beer": beer}))
    upstream_refs = lake_contract().table("silver.review_flat").upstream
    spark = home.session()
    upstream = {ref: current_snapshot(spark, lake_contract().catalog_table(ref)) for ref in upstream_refs}
    # A review committed after the claim: the job must not see it (it reads the snapshots its work names).
    late = {"late": [_review(3, 100, "2024-01-20T10:00:00Z", 5.0)]}
    run_job(home.context(), _silver_work(home, "review", late))

    january = {"review_year": 2024, "review_month": 1}
    key, work_id = write_work(home.lake_dir, "silver.review_flat", partitions=[january], upstream=upstream)
    commit = run_job(home.context(), JobRequest("silver", "review_flat", "exec-test", key))

    assert (commit.work_id, commit.already_committed) == (work_id, False)
    flat = {row[0]: row for row in home.rows(["silver.review_flat"])["silver.review_flat"]}
    assert set(flat) == {1}  # January only, and without the late review
    summary = _summary_of(home, "silver.review_flat", commit)
    # gold recomputes what review_flat rewrote
    assert summary[SUMMARY["downstreamPartitions"]] == '[{"review_year":2024,"review_month":1}]'
    assert summary[SUMMARY["partitionsRewritten"]] == "1"
    assert int(summary[SUMMARY["rowsIn"]]) >= 2  # the January review, the beer, and whatever else is upstream
    assert summary[SUMMARY["engine"]] == "spark"


def test_a_gold_table_hands_nothing_downstream(home: ScenarioHome):
    spark = home.session()
    table = lake_contract().table("gold.top_drinkers")
    upstream = {ref: current_snapshot(spark, lake_contract().catalog_table(ref)) for ref in table.upstream}
    partitions = [{c: v for c, v in zip(table.partition_by, (2024, 1))}] if table.partition_by else [{}]
    key, _ = write_work(home.lake_dir, table.ref, partitions=partitions, upstream=upstream)
    commit = run_job(home.context(), JobRequest("gold", "top_drinkers", "exec-test", key))
    assert _summary_of(home, table.ref, commit)[SUMMARY["downstreamPartitions"]] == "[]"


def _main(home: ScenarioHome, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "datamaster_spark.main", *args]
    environment = {**os.environ, "DATAMASTER_HOME": str(home.path), **(env or {})}
    return subprocess.run(
        command, cwd=SPARK_DIR, env=environment, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize(
    ("args", "env", "code", "message"),
    [
        (
            ["--layer", "bronze", "--table", "x", "--execution-id", "e", "--work", "w"],
            {"DATAMASTER_CATALOG": "sqlite"},
            2,
            "--layer 'bronze' is not one of the lake's Iceberg layers: silver, gold",
        ),
        (["--layer", "silver", "--table", "beer", "--execution-id", "e"], {}, 2, "required: --work"),
        (
            ["--layer", "silver", "--table", "beer", "--execution-id", "e", "--work", "w", "--catalog", "glue"],
            {},
            2,
            "--catalog glue needs --warehouse, --lake-bucket",
        ),
        (
            ["--layer", "silver", "--table", "beer", "--execution-id", "e", "--work", "w", "--contract", "/nope.json"],
            {"DATAMASTER_CATALOG": "sqlite"},
            2,
            "lake contract document /nope.json cannot be read",
        ),
        (
            ["--layer", "silver", "--table", "nope", "--execution-id", "e", "--work", "w"],
            {"DATAMASTER_CATALOG": "sqlite"},
            1,
            "not a table the engine builds",
        ),
        (
            ["--layer", "silver", "--table", "beer", "--execution-id", "e", "--work", "work/silver/beer/none.json"],
            {"DATAMASTER_CATALOG": "sqlite"},
            1,
            "silver.beer: work file file://",
        ),
    ],
)
def test_bad_arguments_are_refused_with_what_to_fix(
    home: ScenarioHome, args: list[str], env: dict[str, str], code: int, message: str
):
    done = _main(home, *args, env=env)
    assert (done.returncode, done.stdout) == (code, "")
    assert message in done.stderr
    # Nothing was due to Spark: the arguments and the work file are checked before a JVM starts.
    assert "SparkContext" not in done.stderr


def test_a_work_file_of_another_table_is_refused(home: ScenarioHome):
    key, _ = write_work(home.lake_dir, "silver.beer", inputs=[])
    with pytest.raises(JobFailedError, match=r"^silver\.brewery: work file .* holds the work of silver\.beer"):
        run_job(home.context(), JobRequest("silver", "brewery", "exec-test", key))


def test_a_failing_job_names_the_table_and_leaves_it_as_it_was(home: ScenarioHome):
    before = home.rows(["silver.brewery"])
    request = _silver_work(home, "brewery", {"broken": [_brewery(5, "Epsilon 2")]})
    (home.lake_dir / "bronze" / "brewery" / "ingest_date=2024-06-01" / "broken.parquet").write_text("not parquet")
    with pytest.raises(JobFailedError, match=r"^silver\.brewery: "):
        run_job(home.context(), request)
    assert home.rows(["silver.brewery"]) == before


def test_a_bronze_file_without_field_ids_is_refused_rather_than_read_as_nulls(home: ScenarioHome):
    before = home.rows(["silver.brewery"])
    files = {"with-ids": [_brewery(6, "Zeta")], "no-ids": [_brewery(7, "Eta")]}
    request = _silver_work(home, "brewery", files, without_ids=("no-ids",))
    expected = r"^silver\.brewery: bronze file file://\S+/no-ids\.parquet has no Parquet field ids.*ingest its extract"
    with pytest.raises(JobFailedError, match=expected):
        run_job(home.context(), request)
    assert home.rows(["silver.brewery"]) == before


def test_a_snapshot_is_read_under_the_current_schema_matched_by_field_id(home: ScenarioHome):
    # As the embedded engine reads it; Iceberg's VERSION AS OF alone gives the schema the snapshot was written with.
    spark = home.session()
    # Outside the lake's databases: the lake's commands take a table there for one the manifest dropped.
    namespace = f"{lake_contract().catalog_name}.scratch"
    name = f"{namespace}.evolved"
    spark.sql(f"CREATE NAMESPACE {namespace}")
    spark.sql(f"CREATE TABLE {name} (id BIGINT, score INT, old_name STRING) USING iceberg")
    spark.sql(f"INSERT INTO {name} VALUES (1, 10, 'a')")
    written = current_snapshot(spark, name)
    spark.sql(f"ALTER TABLE {name} RENAME COLUMN old_name TO new_name")
    spark.sql(f"ALTER TABLE {name} ALTER COLUMN score TYPE BIGINT")
    spark.sql(f"ALTER TABLE {name} ADD COLUMN added STRING")
    spark.sql(f"INSERT INTO {name} VALUES (2, 20, 'b', 'x')")

    old = table_at(spark, name, written)
    assert [(f.name, f.dataType) for f in old.schema] == [(f.name, f.dataType) for f in spark.table(name).schema]
    assert [tuple(row) for row in old.collect()] == [(1, 10, "a", None)]
    latest = table_at(spark, name, current_snapshot(spark, name))
    assert sorted(tuple(row) for row in latest.collect()) == [(1, 10, "a", None), (2, 20, "b", "x")]


def test_a_bronze_file_named_like_a_glob_pattern_is_read_as_that_one_file(home: ScenarioHome):
    # Spark's file sources expand [..], {..}, * and ?; the key must be read literally, not matched.
    commit = run_job(home.context(), _silver_work(home, "brewery", {"brewery[2024]{a,b}*": [_brewery(8, "Theta")]}))
    assert _summary_of(home, "silver.brewery", commit)[SUMMARY["rowsIn"]] == "1"
    assert tuple(r[1] for r in home.rows(["silver.brewery"])["silver.brewery"] if r[0] == 8) == ("Theta",)


def test_a_commit_over_partitions_another_writer_changed_is_refused_then_recomputed(home: ScenarioHome):
    spark = home.session()
    name = lake_contract().catalog_table("silver.brewery")
    base = current_snapshot(spark, name)
    rows = table_at(spark, name, base)
    # Another writer commits to the (only) partition after this one read it...
    overwrite(rows, name, F.lit(True), base, {})
    # ...so a commit computed from the old snapshot fails validation instead of overwriting that change,
    with pytest.raises(Exception, match="ValidationException"):
        overwrite(rows, name, F.lit(True), base, {})
    # and commit_once computes again from the new snapshot.
    bases: list[int | None] = []
    marker = Marker(SUMMARY["workId"], "race")

    def attempt(current: int | None) -> None:
        bases.append(current)
        stale = base if len(bases) == 1 else current
        overwrite(table_at(spark, name, base), name, F.lit(True), stale, {marker.name: marker.value})

    snapshot = commit_once(spark, name, marker, attempt)
    assert bases[0] == bases[1] != base
    assert snapshot == current_snapshot(spark, name)


def test_process_engine_spark_reports_a_failing_job_and_its_records_are_failed(home: ScenarioHome):
    # Through the CLI: ClaimWork, the Spark job server, then FailWork with the job's message.
    build_registrar()
    [record_id] = land(home.path, home.lake_dir, [("brewery", "broken-served", [_brewery(9, "Iota")])])
    (home.lake_dir / "bronze" / "brewery" / "ingest_date=2024-06-01" / "broken-served.parquet").write_text("x")
    done = home.cli.attempt("process", "silver", "--tables", "brewery", "--engine", "spark")
    assert done.returncode == 1, done.stdout + done.stderr
    log = home.path / "run" / "spark-jobs.log"
    assert f"Starting local Spark for this run (the first results take a while); its log: {log}" in done.stdout
    assert "ERROR silver.brewery (request 1) failed" in log.read_text()
    assert "✖ silver.brewery" in done.stdout
    assert "Spark job silver.brewery failed: silver.brewery: " in done.stdout
    assert "1 table(s) failed: silver.brewery" in done.stderr
    status = json.loads(home.cli.run("status", "--json", "--layer", "silver", "--table", "brewery"))["records"]
    [failed] = [r for r in status if r["recordId"] == record_id]
    assert failed["status"] == "failed"
    assert failed["lastError"]["message"].startswith("silver.brewery: ")
