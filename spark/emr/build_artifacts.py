"""Builds the EMR Serverless artifacts of the Spark jobs (``nx run spark:package``):

- ``main.py``, the entry point;
- ``datamaster_spark.zip``, for ``--py-files``: the datamaster_spark package with the lake contract document
  inside it (``datamaster_spark/lake-contract.json``, from libs/lake-contract/generated), so a job never reads
  the repository.

The jobs need nothing else: Spark and Iceberg come with the EMR release, and the ledger is the TypeScript tasks'
business. The archive is reproducible (sorted entries, fixed times): the same sources give the same bytes, and an
upload of an unchanged archive changes nothing. Usage: ``python emr/build_artifacts.py <out dir>``.
"""

from __future__ import annotations

import shutil
import sys
import zipfile
from pathlib import Path

SPARK_DIR = Path(__file__).resolve().parents[1]
PACKAGE_DIR = SPARK_DIR / "datamaster_spark"
CONTRACT_DOCUMENT = SPARK_DIR.parent / "libs" / "lake-contract" / "generated" / "lake-contract.json"
ENTRY_POINT = SPARK_DIR / "emr" / "main.py"
ARCHIVE = "datamaster_spark.zip"
# Where datamaster_spark.contract looks for the packaged copy.
PACKAGED_CONTRACT = "datamaster_spark/lake-contract.json"
_FIXED_TIME = (2024, 1, 1, 0, 0, 0)


def archive_entries() -> dict[str, Path]:
    """Archive name → source file: every module of the package, and the contract document."""
    entries = {
        f"datamaster_spark/{path.relative_to(PACKAGE_DIR).as_posix()}": path
        for path in PACKAGE_DIR.rglob("*.py")
        if "__pycache__" not in path.parts
    }
    entries[PACKAGED_CONTRACT] = CONTRACT_DOCUMENT
    return entries


def build_package(out_dir: Path) -> Path:
    archive = out_dir / ARCHIVE
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zip_file:
        for name, source in sorted(archive_entries().items()):
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zip_file.writestr(info, source.read_bytes())
    return archive


def build(out_dir: Path) -> list[Path]:
    """Writes main.py and the archive into ``out_dir``; returns their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    entry_point = out_dir / "main.py"
    shutil.copyfile(ENTRY_POINT, entry_point)
    return [entry_point, build_package(out_dir)]


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python emr/build_artifacts.py <out dir>")
    for artifact in build(Path(sys.argv[1])):
        print(f"spark package: {artifact} ({artifact.stat().st_size:,} bytes)")
