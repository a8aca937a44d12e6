"""The builds the bench runs (checked before it starts), and the `datamaster` CLI."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

from bench.errors import BenchCommandError, MissingBuildError

REPO_ROOT = Path(__file__).resolve().parents[2]
SPARK_DIR = REPO_ROOT / "spark"
PYTHON = SPARK_DIR / ".venv" / "bin" / "python"
CLI_BUNDLE = REPO_ROOT / "apps" / "cli" / "dist" / "datamaster.js"
# libs/bronze/bench/bronze.bench.ts, bundled by `nx run spark:bench` (as `nx run bronze:bench` bundles it): its
# child mode `<ours|duckdb> <input> <output>` runs one conversion and prints {ms, maxRssMb, cpuMs, outputMb}.
BRONZE_BENCH_BUNDLE = REPO_ROOT / "dist" / "bench" / "spark" / "bronze.bench.mjs"
# The AWS SDK's notice that its 2027 releases need Node 22 would repeat in every command.
NODE_ENV = {**os.environ, "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED": "true"}


def require_builds() -> None:
    builds = {
        CLI_BUNDLE: "NX_DAEMON=false npx nx run cli:build",
        BRONZE_BENCH_BUNDLE: "npx nx run spark:bench (its first step bundles libs/bronze/bench/bronze.bench.ts)",
        PYTHON: "npx nx run spark:setup",
    }
    for path, build in builds.items():
        if not path.is_file():
            raise MissingBuildError(path, build)


def cli_command(home: Path | None, *args: str) -> list[str]:
    return ["node", str(CLI_BUNDLE), *(["--home", str(home)] if home is not None else []), *args]


def cli_json(home: Path | None, *args: str) -> Any:
    """Runs a `datamaster ... --json` command that is not measured; its parsed output."""
    command = cli_command(home, *args, "--json")
    done = subprocess.run(command, capture_output=True, text=True, env=NODE_ENV, check=False)
    if done.returncode != 0:
        raise BenchCommandError(command, done.returncode, done.stderr[-3000:])
    return json.loads(done.stdout)


def seed_dataset(out: Path, scale: float) -> dict[str, tuple[Path, int]]:
    """`datamaster seed` (deterministic for a scale): each table's .csv.gz and its row count."""
    summary = cli_json(None, "seed", "--out", str(out), "--scale", str(scale))
    return {t["table"]: (Path(t["path"]), t["rows"]) for t in summary["tables"]}


def jvm_crash_files() -> set[Path]:
    """The JVM's fatal error logs: a crashed JVM writes hs_err_pid<pid>.log into its working folder (spark/)."""
    return set(SPARK_DIR.glob("hs_err_pid*.log"))


def jvm_crash_summary(path: Path) -> str:
    """The signal and the problematic frame of one hs_err file."""
    lines = path.read_text(errors="replace").splitlines()
    signal = next((line.strip("# ") for line in lines if line.startswith("#  SIG")), "?")
    frame = next((lines[i + 1].strip("# ") for i, line in enumerate(lines[:-1]) if "Problematic frame" in line), "?")
    return f"{path.name}: {signal}; problematic frame {frame}"
