"""Bronze files registered as silver work in a lake home's control ledger by the TypeScript ledger itself
(tests/node/register-bronze.ts, bundled once per test run), as the bronze worker registers them."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

from bronze_files import write_bronze
from datamaster_cli import REPO_ROOT, bundle_for_node
from scenario import BronzeFile

SOURCE = Path(__file__).resolve().parent / "node" / "register-bronze.ts"
# Inside the repository, so the packages left external (native or data-file ones) resolve from its node_modules.
BUNDLE = REPO_ROOT / "dist" / "spark-tests" / "register-bronze.mjs"
EXTERNAL = ("dynalite", "@duckdb/node-api", "better-sqlite3")
# The bundle is ESM; the AWS SDK's CommonJS parts still call require().
REQUIRE_SHIM = "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);"


def build_registrar() -> Path:
    externals = [f"--external:{package}" for package in EXTERNAL]
    return bundle_for_node(SOURCE, BUNDLE, *externals, f"--banner:js={REQUIRE_SHIM}")


def land(home: Path, lake_dir: Path, files: list[BronzeFile]) -> list[str]:
    """Writes the bronze files into the home's object store and registers each as silver work; the record ids."""
    registrations = []
    for table, name, changes in files:
        key, content = write_bronze(lake_dir, table, name, changes)
        etag = hashlib.md5(content).hexdigest()
        registrations.append(
            {"table": table, "objectKey": key, "etag": etag, "objectSize": len(content), "rows": len(changes)}
        )
    done = subprocess.run(
        ["node", str(BUNDLE), str(home)],
        input=json.dumps(registrations),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"registering bronze work in {home} failed: {done.stderr}")
    return json.loads(done.stdout)
