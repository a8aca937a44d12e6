"""The transform SQL shared with the embedded engine (libs/lake-manifest/transforms), and the MERGE template
filled exactly as libs/lake-manifest/src/transforms.ts fills it."""

from __future__ import annotations

import re

from datamaster_spark.errors import MissingTransformError, TransformTemplateError
from datamaster_spark.manifest import LakeTable, lake_manifest
from datamaster_spark.resources import TRANSFORMS_DIR, read_text

SILVER_MERGE_FILE = (TRANSFORMS_DIR, "silver", "merge.sql")

_PLACEHOLDER = re.compile(r"\{\{([a-z_]+)((?::[a-z]+)*)\}\}")


def derived_table_sql(ref: str) -> str:
    """The SELECT of a derived table: transforms/<layer>/<name>.sql."""
    layer, name = ref.split(".", 1)
    derived = [t.ref for t in lake_manifest().tables if not t.is_source and t.upstream]
    if ref not in derived:
        raise MissingTransformError(ref, derived)
    return read_text(TRANSFORMS_DIR, layer, f"{name}.sql")


def silver_merge_sql(table: LakeTable) -> str:
    """The silver MERGE for one source table's silver projection: the template with its placeholders filled."""
    declared = [c.name for c in table.columns if c.origin == "declared"]
    computed = [c for c in table.columns if c.origin == "computed"]

    def fill(match: re.Match[str]) -> str:
        name, args = match.group(1), match.group(2).split(":")[1:]
        a = args[0] if len(args) > 0 else None
        b = args[1] if len(args) > 1 else None
        if name == "key":
            return ", ".join(table.primary_key)
        if name == "key_equals" and a is not None and b is not None:
            return " AND ".join(f"{a}.{k} = {b}.{k}" for k in table.primary_key)
        if name == "columns" and a is not None:
            return ", ".join(f"{a}.{c}" for c in declared)
        if name == "computed":
            return "".join(f", {c.expression} AS {c.name}" for c in computed)
        raise TransformTemplateError(table.ref, match.group(0))

    return _PLACEHOLDER.sub(fill, read_text(*SILVER_MERGE_FILE))
