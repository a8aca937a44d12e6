"""A lake home's ledger server held open by the tests (tests/node/ledger-server.mjs), so Python and every
`datamaster` command run meanwhile share one ledger: the CLI finds the server in <home>/run/ledger.json."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from datamaster_cli import REPO_ROOT
from datamaster_spark.ledger import ControlLedger, LedgerEndpoint, open_ledger

LAUNCHER = Path(__file__).resolve().parent / "node" / "ledger-server.mjs"


class LedgerServer:
    """Start with ``start()``, stop with ``stop()`` (idempotent); ``ledger`` is a Python ledger on it."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self._process: subprocess.Popen[str] | None = None
        self.endpoint: LedgerEndpoint | None = None

    def start(self) -> LedgerServer:
        # stdin is the lifeline: the server stops when this process ends, however it ends.
        self._process = subprocess.Popen(
            ["node", str(LAUNCHER), str(self.home)],
            cwd=REPO_ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line:
            self.stop()
            raise RuntimeError(f"the ledger server for {self.home} did not start (exit {self._process.returncode})")
        run = json.loads(line)
        credentials = run["credentials"]
        self.endpoint = LedgerEndpoint(
            run["endpoint"], run["region"], credentials["accessKeyId"], credentials["secretAccessKey"]
        )
        return self

    def ledger(self) -> ControlLedger:
        assert self.endpoint is not None, "start() the server first"
        config = json.loads((self.home / "config.json").read_text(encoding="utf-8"))
        return open_ledger(self.endpoint, config["ledger"]["tableName"])

    def env(self) -> dict[str, str]:
        """The environment a job process gets from the TypeScript side."""
        assert self.endpoint is not None
        return {
            "DATAMASTER_LEDGER_ENDPOINT": self.endpoint.endpoint or "",
            "AWS_REGION": self.endpoint.region or "",
            "AWS_ACCESS_KEY_ID": self.endpoint.access_key_id or "",
            "AWS_SECRET_ACCESS_KEY": self.endpoint.secret_access_key or "",
        }

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.stdin is not None:
            process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()
