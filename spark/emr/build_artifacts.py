"""Builds the EMR Serverless artifacts of the Spark jobs (``nx run spark:package``):

- ``main.py``, the entry point;
- ``datamaster_spark.zip``, for ``--py-files``: the datamaster_spark package with the lake manifest's table
  files and transform SQL inside it (``datamaster_spark/lake_manifest/``), so a job never reads the repository;
- ``datamaster_deps.tar.gz``, for ``spark.archives=…#deps``: the pure-Python packages of pyproject.toml's ``emr``
  extra (boto3 for the ledger), installed for EMR's Python 3.9. A tarball, not --py-files: botocore reads its
  service models from files beside its modules, which a zip import cannot provide.

Both archives are reproducible (sorted entries, fixed times and owners): the same sources give the same bytes,
and an upload of an unchanged archive changes nothing. Usage: ``python emr/build_artifacts.py <out dir>``.
"""

from __future__ import annotations

import gzip
import io
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

import tomllib

SPARK_DIR = Path(__file__).resolve().parents[1]
PACKAGE_DIR = SPARK_DIR / "datamaster_spark"
MANIFEST_DIR = SPARK_DIR.parent / "libs" / "lake-manifest"
ENTRY_POINT = SPARK_DIR / "emr" / "main.py"
ARCHIVE = "datamaster_spark.zip"
DEPENDENCIES = "datamaster_deps.tar.gz"
# EMR Serverless 7.9.0's Python, for which the dependencies are chosen.
EMR_PYTHON = "3.9"
# Where datamaster_spark.resources looks for the packaged copy.
PACKAGED_MANIFEST = "datamaster_spark/lake_manifest"
_FIXED_TIME = (2024, 1, 1, 0, 0, 0)
FIXED_EPOCH = 1704067200


def archive_entries() -> dict[str, Path]:
    """Archive name → source file: every module of the package, every table file and transform."""
    entries = {
        f"datamaster_spark/{path.relative_to(PACKAGE_DIR).as_posix()}": path
        for path in PACKAGE_DIR.rglob("*.py")
        if "__pycache__" not in path.parts
    }
    for folder, suffix in (("tables", ".json"), ("transforms", ".sql")):
        for path in (MANIFEST_DIR / folder).rglob(f"*{suffix}"):
            entries[f"{PACKAGED_MANIFEST}/{path.relative_to(MANIFEST_DIR).as_posix()}"] = path
    return entries


def emr_requirements() -> list[str]:
    pyproject = tomllib.loads((SPARK_DIR / "pyproject.toml").read_text(encoding="utf-8"))
    return pyproject["project"]["optional-dependencies"]["emr"]


def build_package(out_dir: Path) -> Path:
    archive = out_dir / ARCHIVE
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zip_file:
        for name, source in sorted(archive_entries().items()):
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zip_file.writestr(info, source.read_bytes())
    return archive


def build_dependencies(out_dir: Path) -> Path:
    """pip installs the ``emr`` extra as pure-Python wheels for EMR's Python into a folder, tarred as ``deps/``."""
    with tempfile.TemporaryDirectory(prefix="datamaster-emr-deps-") as work:
        target = Path(work) / "deps"
        command = [
            sys.executable, "-m", "pip", "install", "--quiet", "--no-compile", "--disable-pip-version-check",
            "--target", str(target), "--python-version", EMR_PYTHON, "--implementation", "py",
            "--abi", "none", "--platform", "any", "--only-binary=:all:", *emr_requirements(),
        ]  # fmt: skip
        subprocess.run(command, check=True)
        # Console scripts are of no use to a Spark driver, and name this machine's interpreter.
        shutil.rmtree(target / "bin", ignore_errors=True)
        archive = out_dir / DEPENDENCIES
        with archive.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as zipped:
            buffer = io.BytesIO()
            with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
                for path in sorted(p for p in target.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
                    info = tarfile.TarInfo(path.relative_to(target).as_posix())
                    info.size, info.mtime, info.mode = path.stat().st_size, FIXED_EPOCH, 0o644
                    with path.open("rb") as source:
                        tar.addfile(info, source)
            zipped.write(buffer.getvalue())
    return archive


def build(out_dir: Path) -> list[Path]:
    """Writes main.py and both archives into ``out_dir``; returns their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    entry_point = out_dir / "main.py"
    shutil.copyfile(ENTRY_POINT, entry_point)
    return [entry_point, build_package(out_dir), build_dependencies(out_dir)]


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python emr/build_artifacts.py <out dir>")
    for artifact in build(Path(sys.argv[1])):
        print(f"spark package: {artifact} ({artifact.stat().st_size:,} bytes)")
