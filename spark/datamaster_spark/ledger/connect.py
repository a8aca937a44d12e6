"""Where the ledger is: DynamoDB on AWS (the SDK's region and credentials), or a lake home's embedded
DynamoDB-API server locally. The TypeScript side hands a child job the server's endpoint in the environment; a
job started by hand finds it in <home>/run/ledger.json, which the process holding the server writes
(libs/local-platform/src/ledger-service.ts)."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import boto3

from datamaster_spark.ledger.control_ledger import ControlLedger
from datamaster_spark.ledger.errors import LedgerConnectionError

ENDPOINT_ENV = "DATAMASTER_LEDGER_ENDPOINT"
TABLE_ENV = "DATAMASTER_LEDGER_TABLE"
RUN_FILE = Path("run") / "ledger.json"


@dataclass(frozen=True)
class LedgerEndpoint:
    """None fields fall back to the AWS SDK's defaults (AWS_REGION, the credential provider chain)."""

    endpoint: str | None = None
    region: str | None = None
    access_key_id: str | None = None
    secret_access_key: str | None = None


def endpoint_from_env(env: Mapping[str, str]) -> LedgerEndpoint:
    return LedgerEndpoint(
        endpoint=env.get(ENDPOINT_ENV) or None,
        region=env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or None,
        access_key_id=env.get("AWS_ACCESS_KEY_ID") or None,
        secret_access_key=env.get("AWS_SECRET_ACCESS_KEY") or None,
    )


def endpoint_of_home(home: Path) -> LedgerEndpoint:
    """The embedded server a running `datamaster` process holds for this lake home."""
    run_file = home / RUN_FILE
    try:
        run = json.loads(run_file.read_text(encoding="utf-8"))
        credentials = run["credentials"]
        return LedgerEndpoint(
            run["endpoint"], run["region"], credentials["accessKeyId"], credentials["secretAccessKey"]
        )
    except FileNotFoundError as error:
        raise LedgerConnectionError(
            f"{ENDPOINT_ENV} is not set and no process holds the ledger of the lake home {home} ({run_file} is "
            f"missing): set {ENDPOINT_ENV}, or keep a `datamaster` command (e.g. `datamaster up`) running"
        ) from error
    except (KeyError, TypeError, json.JSONDecodeError) as error:
        raise LedgerConnectionError(f"{run_file} is not a ledger run file ({error!r})") from error


def local_endpoint(home: Path, env: Mapping[str, str] | None = None) -> LedgerEndpoint:
    """The environment's endpoint when it names one, else the home's run file."""
    configured = endpoint_from_env(os.environ if env is None else env)
    return configured if configured.endpoint is not None else endpoint_of_home(home)


def open_ledger(endpoint: LedgerEndpoint, table_name: str) -> ControlLedger:
    client = boto3.client(
        "dynamodb",
        endpoint_url=endpoint.endpoint,
        region_name=endpoint.region,
        aws_access_key_id=endpoint.access_key_id,
        aws_secret_access_key=endpoint.secret_access_key,
    )
    return ControlLedger(client, table_name)
