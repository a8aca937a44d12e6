"""Lake homes for tests that process the same bronze input with both engines: each created by the CLI (home,
ledger table, Iceberg tables), its ledger server held open by the test, and a Spark session of its own (on the
test run's JVM) whose catalog is the home's; the tables are read back by PyIceberg."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyiceberg.catalog.sql import SqlCatalog
from pyspark.sql import SparkSession

from bronze_files import land_bronze
from datamaster_cli import CLI_BUNDLE, DatamasterCli
from datamaster_spark.jobs.context import JobContext, JobRequest, JobResult, Lake
from datamaster_spark.jobs.run_job import run_job
from datamaster_spark.lake_home import lake_home_config
from datamaster_spark.ledger import ControlLedger
from datamaster_spark.manifest import catalog_table, lake_manifest
from datamaster_spark.session import CATALOG_NAME, lake_session
from ledger_server import LedgerServer
from scenario import BronzeFile

# Jobs of one stage running at once on the test JVM; they spend much of their time waiting (ledger, catalog, Spark
# scheduling), so even a 2-core machine gains from overlapping them.
PARALLEL_JOBS = 3


@dataclass
class ScenarioHome:
    name: str
    path: Path
    cli: DatamasterCli
    server: LedgerServer
    ledger: ControlLedger
    # The test run's session, the parent of this home's sessions.
    spark: SparkSession

    def session(self) -> SparkSession:
        """A new session whose catalog `datamaster` is this home's; jobs running at once need one each (temp views
        such as `changes` and `target` are per session)."""
        catalog = lake_home_config(self.path).catalog
        return lake_session(self.spark, "sqlite", sqlite_path=catalog.sqlite_path, warehouse=catalog.warehouse)

    def context(self) -> JobContext:
        config, session = lake_home_config(self.path), self.session()
        return JobContext(session=lambda: session, lake=Lake(config.storage_root), ledger=self.ledger)

    def land(self, files: list[BronzeFile]) -> None:
        for table, name, changes in files:
            land_bronze(self.path / "lake", self.ledger, table, name, changes)

    def process_with_spark(self, execution_id: str) -> list[JobResult]:
        """Every job as the processing state machine runs them: the silver tables at once, then review_flat, then
        the gold tables at once (each job in a session of its own, as each is its own process on EMR)."""
        tables = lake_manifest().iceberg_tables
        stages = [
            [t for t in tables if t.layer == "silver" and t.is_source],
            [t for t in tables if t.layer == "silver" and not t.is_source],
            [t for t in tables if t.layer == "gold"],
        ]
        results: list[JobResult] = []
        with ThreadPoolExecutor(max_workers=PARALLEL_JOBS) as pool:
            for stage in stages:
                runs = [pool.submit(run_job, self.context(), JobRequest(t.layer, t.name, execution_id)) for t in stage]
                results += [run.result() for run in runs]
        return results

    def process_by_cli(self, engine: str) -> list[dict[str, Any]]:
        """`datamaster process all --engine <engine>` as a user runs it; its job results."""
        return json.loads(self.cli.run("process", "all", "--engine", engine, "--json"))["results"]

    def rows(self, refs: list[str]) -> dict[str, Counter[tuple[Any, ...]]]:
        """Each table's rows as a multiset, every column in schema order. Read by PyIceberg, a reader that is
        neither engine (and needs no Spark job per table)."""
        catalog = lake_home_config(self.path).catalog
        pyiceberg = SqlCatalog(CATALOG_NAME, uri=f"sqlite:///{catalog.sqlite_path}", warehouse=catalog.warehouse)
        try:
            found = {}
            for ref in refs:
                _, namespace, name = catalog_table(ref).split(".")
                rows = pyiceberg.load_table((namespace, name)).scan().to_arrow().to_pylist()
                columns = lake_manifest().table(ref).column_names
                found[ref] = Counter(tuple(row[c] for c in columns) for row in rows)
            return found
        finally:
            pyiceberg.engine.dispose()

    def silver_records(self) -> list[dict[str, Any]]:
        """The silver layer's ledger records, as `datamaster status --json` (the TypeScript ledger) reads them."""
        return json.loads(self.cli.run("status", "--json", "--layer", "silver", "--limit", "1000"))["records"]


def create_homes(spark: SparkSession, names: list[str], prefix: str) -> dict[str, ScenarioHome]:
    """New lake homes, created in parallel by `datamaster tables` (the home, its ledger table, its Iceberg tables)."""
    paths = {name: Path(tempfile.mkdtemp(prefix=f"datamaster-{prefix}-{name}-")) for name in names}
    commands = {
        name: ["node", str(CLI_BUNDLE), "--home", str(path), "tables", "--json"] for name, path in paths.items()
    }
    running = {
        name: subprocess.Popen(c, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for name, c in commands.items()
    }
    homes: dict[str, ScenarioHome] = {}
    try:
        for name, process in running.items():
            _, stderr = process.communicate(timeout=300)
            if process.returncode != 0:
                raise RuntimeError(f"`datamaster tables` for {paths[name]} exited {process.returncode}: {stderr}")
        for name, path in paths.items():
            server = LedgerServer(path).start()
            homes[name] = ScenarioHome(name, path, DatamasterCli(path), server, server.ledger(), spark)
        return homes
    except BaseException:
        remove_homes(homes, paths.values())
        raise


def remove_homes(homes: dict[str, ScenarioHome], paths: Any = ()) -> None:
    for home in homes.values():
        home.server.stop()
    for path in {*paths, *(h.path for h in homes.values())}:
        shutil.rmtree(path, ignore_errors=True)
