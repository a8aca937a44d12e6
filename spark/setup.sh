#!/usr/bin/env bash
# Installs the local Spark toolchain: a virtual environment spark/.venv with the pins of pyproject.toml's
# `dev` extra, and the Iceberg/SQLite jars in spark/.jars (checked against Maven Central's SHA-1 files and the
# pins below). Idempotent: a second run only checks, in about a second. What the system must provide (Java 17+,
# Python 3.11/3.12 with venv) it only checks: a missing one stops it with the install command of README.md's
# "Prerequisites", since installing system packages is the machine owner's call, not a test run's.
set -euo pipefail

SPARK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$SPARK_DIR/.venv"
JARS="$SPARK_DIR/.jars"
MAVEN="https://repo1.maven.org/maven2"

# Iceberg 1.7.1 is what EMR 7.9.0 ships with Spark 3.5.5 (pyspark's pin); the AWS bundle carries the
# Glue catalog and S3FileIO for local runs against Glue/S3 (EMR provides both itself).
# group:artifact:version  sha1 (from Maven Central's .sha1 file)
JAR_PINS=(
  "org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:1.7.1 03c97e0cf547c21ef1fe5c735a2bc306340ec785"
  "org.apache.iceberg:iceberg-aws-bundle:1.7.1 b7c2c63a1046479da456478800b3fed18346dc4c"
  "org.xerial:sqlite-jdbc:3.50.3.0 220f0cdfe9c5b97926a417fa11848ce8817d2135"
)

say() { printf 'spark setup: %s\n' "$*"; }
fail() { printf 'spark setup: error: %s\n' "$*" >&2; exit 1; }

java_major() {
  command -v java >/dev/null || { echo 0; return; }
  # `java -version` prints e.g. openjdk version "17.0.15" (or "1.8.0_392" for Java 8). macOS's stub java
  # exits 1 when no JDK is installed: that is "no version", not a reason to stop without a word.
  { java -version 2>&1 || true; } | sed -n 's/.*version "\([0-9]*\)\.\{0,1\}\([0-9]*\).*/\1 \2/p' | head -1 |
    awk '{ print ($1 == 1 ? $2 : $1) }'
}

ensure_java() {
  local major
  major="$(java_major)"
  [ "${major:-0}" -ge 17 ] || fail "Spark needs Java 17 or newer as \`java\` on PATH (found: ${major:-none}). Install it (README.md, \"Prerequisites\"):
  Debian/Ubuntu: sudo apt-get install openjdk-17-jre-headless
  Fedora:        sudo dnf install java-17-openjdk-headless
  macOS:         brew install openjdk@17 && export PATH=\"\$(brew --prefix openjdk@17)/bin:\$PATH\""
  say "java $major found ($(command -v java))"
}

pick_python() {
  # tomllib (3.11+) reads the pins from pyproject.toml; pyspark 3.5 supports up to 3.11/3.12.
  local candidate
  for candidate in python3.11 python3.12 python3; do
    if command -v "$candidate" >/dev/null &&
      "$candidate" -c 'import sys; sys.exit(0 if (3, 11) <= sys.version_info[:2] <= (3, 12) else 1)' 2>/dev/null; then
      command -v "$candidate"
      return
    fi
  done
  fail "PySpark 3.5 needs Python 3.11 or 3.12 with venv (python3.11, python3.12 or python3 on PATH). Install it (README.md, \"Prerequisites\"):
  Debian 12/Ubuntu 24.04: sudo apt-get install python3-venv
  Fedora:                 sudo dnf install python3.12
  macOS:                  brew install python@3.12"
}

dev_requirements() {
  "$1" -c 'import sys, tomllib; print("\n".join(tomllib.load(open(sys.argv[1], "rb"))["project"]["optional-dependencies"]["dev"]))' \
    "$SPARK_DIR/pyproject.toml"
}

ensure_venv() {
  local python requirements stamp="$VENV/.datamaster-requirements"
  python="$(pick_python)"
  requirements="$(dev_requirements "$python")"
  if [ -x "$VENV/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$requirements" ]; then
    say "virtual environment up to date ($VENV)"
    return
  fi
  if [ ! -x "$VENV/bin/python" ]; then
    say "creating virtual environment $VENV with $("$python" --version)"
    # Debian splits venv's pip bootstrap (ensurepip) into python3-venv; without it a venv without pip is left.
    if ! "$python" -m venv "$VENV"; then
      rm -rf "$VENV"
      fail "$python could not create a virtual environment (its venv or ensurepip module is missing). On Debian/Ubuntu: sudo apt-get install python3-venv"
    fi
  fi
  say "installing $(echo "$requirements" | tr '\n' ' ')"
  # pyspark is an sdist: pip builds its wheel once and caches it.
  # shellcheck disable=SC2086
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check $requirements
  echo "$requirements" >"$stamp"
}

# macOS has shasum but no sha1sum.
sha1_of() {
  if command -v sha1sum >/dev/null; then sha1sum "$1"; else shasum -a 1 "$1"; fi | cut -d' ' -f1
}

ensure_jar() {
  local coordinate="$1" pinned="$2" group artifact version file url published
  IFS=: read -r group artifact version <<<"$coordinate"
  file="$JARS/$artifact-$version.jar"
  if [ -f "$file" ] && [ "$(sha1_of "$file")" = "$pinned" ]; then
    say "jar present and verified: $(basename "$file")"
    return
  fi
  url="$MAVEN/${group//.//}/$artifact/$version/$artifact-$version.jar"
  say "downloading $coordinate"
  published="$(curl -fsSL --retry 3 "$url.sha1" | cut -c1-40)" || fail "could not fetch $url.sha1"
  [ "$published" = "$pinned" ] || fail "Maven Central's SHA-1 of $coordinate is $published, setup.sh pins $pinned: check the pin"
  curl -fsSL --retry 3 -o "$file.part" "$url" || fail "could not download $url"
  local actual
  actual="$(sha1_of "$file.part")"
  if [ "$actual" != "$pinned" ]; then
    rm -f "$file.part"
    fail "downloaded $url has SHA-1 $actual, expected $pinned (corrupt or tampered download; run setup.sh again)"
  fi
  mv "$file.part" "$file"
  say "verified $(basename "$file") (sha1 $pinned)"
}

ensure_jars() {
  mkdir -p "$JARS"
  local pin coordinate sha1 artifact version keep=()
  for pin in "${JAR_PINS[@]}"; do
    read -r coordinate sha1 <<<"$pin"
    ensure_jar "$coordinate" "$sha1"
    IFS=: read -r _ artifact version <<<"$coordinate"
    keep+=("$artifact-$version.jar")
  done
  # A bumped pin leaves the old jar behind; two Iceberg runtimes on one classpath would clash.
  local existing
  for existing in "$JARS"/*.jar; do
    [ -e "$existing" ] || continue
    [[ " ${keep[*]} " == *" $(basename "$existing") "* ]] || { say "removing unpinned $(basename "$existing")"; rm -f "$existing"; }
  done
}

started=$SECONDS
ensure_java
ensure_venv
ensure_jars
say "done in $((SECONDS - started))s (venv $(du -sh "$VENV" | cut -f1), jars $(du -sh "$JARS" | cut -f1))"
