"""Reads JSON [{"sql": ...}] on stdin; writes [{"ok", "error", "duckdb"}]: each query parsed as Athena (Trino) SQL
by sqlglot, and the same query in DuckDB's dialect, which the tests run on the local lake."""

import json
import sys

import sqlglot
from sqlglot.errors import ParseError


def check(sql: str) -> dict:
    try:
        tree = sqlglot.parse_one(sql, read="athena", error_level=sqlglot.ErrorLevel.RAISE)
    except ParseError as error:
        return {"ok": False, "error": str(error), "duckdb": None}
    return {"ok": True, "error": None, "duckdb": tree.sql(dialect="duckdb")}


def main() -> None:
    queries = json.load(sys.stdin)
    json.dump([check(query["sql"]) for query in queries], sys.stdout)


if __name__ == "__main__":
    main()
