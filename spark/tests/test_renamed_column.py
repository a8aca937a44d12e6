"""The Spark engine reads bronze by field id: profile.email, renamed email_address (field id 3 kept) by
apps/cli/src/testing/renamed-column, keeps its values when `process all --engine spark` merges a bronze file written
under the old name together with one written under the new name. The lake's first load is processed by the embedded
engine, so the Spark job also reads silver.profile at a snapshot written before the rename (under the current
schema). The table is read back by `datamaster query` and PyIceberg. apps/cli/src/renamed-column.test.ts runs the
same folder on the embedded engine."""

from __future__ import annotations

import re
from pathlib import Path

from lake_homes import pyiceberg_catalog, pyiceberg_table
from manifest_copy import Extract, ManifestCopyLake

# The profiles each extract carries.
CARRIED = 12
EMAIL = 2


def rotated_emails(lake: ManifestCopyLake, first: int, header: str) -> tuple[Extract, dict[int, int]]:
    """The seed's profiles from line ``first`` on, each with the email of the next one (the last with the first's), and
    for each profile the one whose email it now has: silver.profile cannot hold that token unless it read the
    extract."""
    profiles = [line.split(",") for line in lake.seed_extract("profile").lines[first : first + CARRIED]]
    successors = profiles[1:] + profiles[:1]
    lines = [",".join([*p[:EMAIL], s[EMAIL], *p[EMAIL + 1 :]]) for p, s in zip(profiles, successors)]
    return Extract(header, lines), {int(p[0]): int(s[0]) for p, s in zip(profiles, successors)}


def test_spark_merges_bronze_files_written_under_the_old_and_the_new_name(tmp_path: Path) -> None:
    lake = ManifestCopyLake(tmp_path)
    lake.fill()
    lake.cli.run("process", "all")
    before = {r["profile_id"]: r["email"] for r in lake.cli.query("SELECT profile_id, email FROM silver.profile")}
    header = lake.seed_extract("profile").header
    old_name, moved = rotated_emails(lake, 0, header)
    lake.ingest(lake.write_extract("profile-old-name", old_name), "profile")
    lake.lay_over("renamed-column")
    new_name, moved_too = rotated_emails(lake, CARRIED, header.replace(",email,", ",email_address,"))
    lake.ingest(lake.write_extract("profile-new-name", new_name), "profile")
    expected = {**before, **{profile: before[source] for profile, source in {**moved, **moved_too}.items()}}

    out = lake.cli.run("process", "all", "--engine", "spark")
    assert re.search(rf"✔ silver\.profile +2 input\(s\), {2 * CARRIED} rows in", out), out
    merges = [r for r in lake.cli.records("silver") if r["table"] == "profile" and r["format"] == "parquet"]
    assert [r["computeTarget"] for r in merges].count("spark") == 2

    query = "SELECT profile_id, email_address FROM silver.profile"
    assert {r["profile_id"]: r["email_address"] for r in lake.cli.query(query)} == expected
    assert all(re.fullmatch("[0-9a-f]{64}", str(token)) for token in expected.values())
    with pyiceberg_catalog(lake.cli.home) as pyiceberg:
        table = pyiceberg_table(pyiceberg, "silver.profile")
        assert table.schema().find_field(3).name == "email_address"
        rows = table.scan(selected_fields=("profile_id", "email_address")).to_arrow().to_pylist()
    assert {r["profile_id"]: r["email_address"] for r in rows} == expected
