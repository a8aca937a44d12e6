"""libs/lake-manifest itself as the reference for what the Spark side reads from the contract document:
tests/node/ts-driver.ts, bundled once per test run with the repository's esbuild."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from datamaster_cli import bundle_for_node

SOURCE = Path(__file__).resolve().parent / "node" / "ts-driver.ts"


def typescript_manifest(out_dir: Path) -> dict[str, Any]:
    """The resolved manifest, the filled MERGE of each source table and every derived table's SQL."""
    bundle = bundle_for_node(SOURCE, out_dir / "ts-driver.mjs")
    done = subprocess.run(["node", str(bundle)], capture_output=True, text=True, timeout=120, check=True)
    return json.loads(done.stdout)
