"""Lake homes for tests that run jobs on a lake of their own: each created by the CLI (home, Iceberg tables), with a
Spark session of its own (on the test run's JVM) whose catalog is the home's; the tables are read back by
PyIceberg."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyiceberg.catalog.sql import SqlCatalog
from pyiceberg.table import Table
from pyspark.sql import SparkSession

from datamaster_cli import CLI_BUNDLE, DatamasterCli
from datamaster_spark.contract import lake_contract
from datamaster_spark.jobs.context import JobContext, Lake
from datamaster_spark.lake_home import lake_home_config
from datamaster_spark.session import lake_session


@dataclass
class ScenarioHome:
    name: str
    path: Path
    cli: DatamasterCli
    # The test run's session, the parent of this home's sessions (None: the test runs no job in its own JVM).
    spark: SparkSession | None

    @property
    def lake_dir(self) -> Path:
        """The home's object store (bronze files, work files)."""
        return Path(lake_home_config(self.path).storage_root.removeprefix("file://"))

    def session(self) -> SparkSession:
        """A new session whose catalog `datamaster` is this home's; jobs running at once need one each (temp views
        such as `changes` and `target` are per session)."""
        assert self.spark is not None, f"home {self.name} was created without the test run's Spark session"
        catalog = lake_home_config(self.path).catalog
        return lake_session(self.spark, "sqlite", sqlite_path=catalog.sqlite_path, warehouse=catalog.warehouse)

    def context(self) -> JobContext:
        config, session = lake_home_config(self.path), self.session()
        return JobContext(session=lambda: session, lake=Lake(config.storage_root))

    def process_by_cli(self, engine: str) -> list[dict[str, Any]]:
        """`datamaster process all --engine <engine>` as a user runs it; its job results."""
        return json.loads(self.cli.run("process", "all", "--engine", engine, "--json"))["results"]

    def rows(self, refs: list[str]) -> dict[str, Counter[tuple[Any, ...]]]:
        """Each table's rows as a multiset, every column in schema order. Read by PyIceberg, a reader that is
        neither engine (and needs no Spark job per table)."""
        contract = lake_contract()
        with pyiceberg_catalog(self.path) as pyiceberg:
            found = {}
            for ref in refs:
                rows = pyiceberg_table(pyiceberg, ref).scan().to_arrow().to_pylist()
                columns = contract.table(ref).column_names
                found[ref] = Counter(tuple(row[c] for c in columns) for row in rows)
            return found

    def silver_records(self) -> list[dict[str, Any]]:
        """The silver MERGE's ledger records (one per bronze file; review_flat's work aside), as `datamaster status
        --json` (the TypeScript ledger) reads them."""
        return [r for r in self.cli.records("silver") if r["format"] == "parquet"]


@contextmanager
def pyiceberg_catalog(home: Path) -> Iterator[SqlCatalog]:
    """PyIceberg's SqlCatalog on a lake home's catalog file: a reader that is neither engine."""
    catalog = lake_home_config(home).catalog
    pyiceberg = SqlCatalog(
        lake_contract().catalog_name, uri=f"sqlite:///{catalog.sqlite_path}", warehouse=catalog.warehouse
    )
    try:
        yield pyiceberg
    finally:
        pyiceberg.engine.dispose()


def pyiceberg_table(pyiceberg: SqlCatalog, ref: str) -> Table:
    """``silver.review`` → the table in the layer's namespace (``dm_silver``)."""
    _, namespace, name = lake_contract().catalog_table(ref).split(".")
    return pyiceberg.load_table((namespace, name))


def create_homes(spark: SparkSession | None, names: list[str], prefix: str) -> dict[str, ScenarioHome]:
    """New lake homes, created in parallel by `datamaster tables` (the home, its ledger table, its Iceberg tables)."""
    paths = {name: Path(tempfile.mkdtemp(prefix=f"datamaster-{prefix}-{name}-")) for name in names}
    commands = {
        name: ["node", str(CLI_BUNDLE), "--home", str(path), "tables", "--json"] for name, path in paths.items()
    }
    running = {
        name: subprocess.Popen(c, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for name, c in commands.items()
    }
    try:
        for name, process in running.items():
            _, stderr = process.communicate(timeout=300)
            if process.returncode != 0:
                raise RuntimeError(f"`datamaster tables` for {paths[name]} exited {process.returncode}: {stderr}")
        return {name: ScenarioHome(name, path, DatamasterCli(path), spark) for name, path in paths.items()}
    except BaseException:
        remove_homes({}, paths.values())
        raise


def remove_homes(homes: dict[str, ScenarioHome], paths: Any = ()) -> None:
    for path in {*paths, *(h.path for h in homes.values())}:
        shutil.rmtree(path, ignore_errors=True)
