"""A lake whose manifest is a copy of the bundled one, for the tests that change the manifest: a folder of
apps/cli/src/testing laid over the copy, and `datamaster --manifest <copy>` run on the lake (as
apps/cli/src/testing/manifest-copy.ts does for the embedded engine's tests)."""

from __future__ import annotations

import gzip
import shutil
from dataclasses import dataclass
from pathlib import Path

from datamaster_cli import REPO_ROOT, DatamasterCli

BUNDLED = REPO_ROOT / "libs" / "lake-manifest"
CHANGES = REPO_ROOT / "apps" / "cli" / "src" / "testing"
# In the order their extracts are ingested.
SOURCE_TABLES = ("brewery", "beer", "profile", "review")


@dataclass(frozen=True)
class Extract:
    """A CSV extract: its header line and its data lines."""

    header: str
    lines: list[str]


class ManifestCopyLake:
    """``root``/manifest (the copy), ``root``/home (the lake home), ``root``/seed (the seed's extracts)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.manifest = root / "manifest"
        for folder in ("tables", "transforms"):
            shutil.copytree(BUNDLED / folder, self.manifest / folder)
        self.cli = DatamasterCli(root / "home", self.manifest)

    def fill(self) -> None:
        """Creates the lake home and ingests a small seed of every source table."""
        self.cli.run("init")
        self.cli.run("seed", "--out", str(self.root / "seed"), "--scale", "0.002")
        for table in SOURCE_TABLES:
            self.ingest(self.root / "seed" / f"{table}.csv.gz", table)

    def lay_over(self, change: str) -> None:
        """Lays a change folder of apps/cli/src/testing (e.g. ``added-column``: its tables/ and transforms/) over
        the copy."""
        for folder in ("tables", "transforms"):
            if (CHANGES / change / folder).is_dir():
                shutil.copytree(CHANGES / change / folder, self.manifest / folder, dirs_exist_ok=True)

    def ingest(self, extract: Path, table: str) -> None:
        self.cli.run("ingest", str(extract), "--table", table)

    def seed_extract(self, table: str) -> Extract:
        """The seed's extract of a table (after ``fill``)."""
        text = gzip.decompress((self.root / "seed" / f"{table}.csv.gz").read_bytes()).decode()
        header, *lines = text.strip().split("\n")
        return Extract(header, lines)

    def write_extract(self, name: str, extract: Extract) -> Path:
        """Writes an extract as ``<name>.csv.gz``; returns its path."""
        path = self.root / f"{name}.csv.gz"
        path.write_bytes(gzip.compress("\n".join([extract.header, *extract.lines, ""]).encode()))
        return path
