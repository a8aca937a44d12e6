"""The TypeScript `datamaster` CLI from its esbuild bundle: the embedded engine the Spark engine must agree with."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
CLI_BUNDLE = REPO_ROOT / "apps" / "cli" / "dist" / "datamaster.js"
# esbuild's command line with the plugin that inlines the lake manifest, as every bundle of the platform is built.
ESBUILD = REPO_ROOT / "tools" / "esbuild.mjs"


def bundle_for_node(source: Path, bundle: Path, *flags: str) -> Path:
    """Bundles a TypeScript entry point of the tests (tests/node/) into one ESM file node runs."""
    command = ["node", str(ESBUILD), str(source), "--bundle", "--platform=node", "--format=esm", *flags]
    command += [f"--outfile={bundle}", "--log-level=warning"]
    subprocess.run(command, cwd=REPO_ROOT, check=True, capture_output=True, text=True, timeout=120)
    return bundle


class DatamasterCli:
    """The `datamaster` CLI (the embedded DuckDB engine) on one lake home."""

    def __init__(self, home: Path, manifest: Path | None = None) -> None:
        self.home = home
        # Another lake manifest folder than the bundled one (`datamaster --manifest`).
        self.manifest = manifest

    def attempt(self, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        manifest = [] if self.manifest is None else ["--manifest", str(self.manifest)]
        command = ["node", str(CLI_BUNDLE), "--home", str(self.home), *manifest, *args]
        environment = None if env is None else {**os.environ, **env}
        return subprocess.run(command, capture_output=True, text=True, timeout=600, check=False, env=environment)

    def run(self, *args: str) -> str:
        done = self.attempt(*args)
        if done.returncode != 0:
            pytest.fail(f"`{' '.join(done.args)}` exited {done.returncode}:\n{done.stderr}", pytrace=False)
        return done.stdout

    def query(self, sql: str, principal: str = "data-engineer") -> list[dict[str, object]]:
        return json.loads(self.run("query", sql, "--as", principal, "--format", "json"))

    def records(self, layer: str) -> list[dict[str, Any]]:
        """The layer's ledger records, as `datamaster status --json` lists them."""
        return json.loads(self.run("status", "--layer", layer, "--json", "--limit", "1000"))["records"]
