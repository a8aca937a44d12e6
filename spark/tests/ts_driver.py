"""The TypeScript libraries themselves (libs/control-ledger, libs/lake-manifest) as the reference the Python ports
are compared with: tests/node/ts-driver.ts, bundled once per test run with the repository's esbuild (tools/esbuild.mjs:
esbuild with the plugin that puts the lake manifest into the bundle)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from datamaster_cli import REPO_ROOT

SOURCE = Path(__file__).resolve().parent / "node" / "ts-driver.ts"
ESBUILD = REPO_ROOT / "tools" / "esbuild.mjs"
# The bundle is ESM; the AWS SDK's CommonJS parts still call require().
REQUIRE_SHIM = "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);"


class TsDriver:
    def __init__(self, bundle: Path) -> None:
        self.bundle = bundle

    @classmethod
    def build(cls, out_dir: Path) -> TsDriver:
        bundle = out_dir / "ts-driver.mjs"
        command = [
            "node",
            str(ESBUILD),
            str(SOURCE),
            "--bundle",
            "--platform=node",
            "--format=esm",
            f"--outfile={bundle}",
            "--log-level=warning",
            f"--banner:js={REQUIRE_SHIM}",
        ]
        subprocess.run(command, cwd=REPO_ROOT, check=True, capture_output=True, text=True, timeout=120)
        return cls(bundle)

    def run(self, script: dict[str, Any]) -> Any:
        done = subprocess.run(
            ["node", str(self.bundle)],
            input=json.dumps(script),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"ts-driver exited {done.returncode}: {done.stderr}")
        return json.loads(done.stdout)

    def ledger(self, endpoint: str, region: str, table_name: str, steps: list[dict[str, Any]]) -> list[Any]:
        return self.run({"ledger": {"endpoint": endpoint, "region": region, "tableName": table_name}, "steps": steps})

    def manifest(self) -> dict[str, Any]:
        return self.run({"manifest": True})
