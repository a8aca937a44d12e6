#!/usr/bin/env bash
# Installs a nested npm workspace (plugins/, infra/) from its own lockfile, kept out of the root install so that
# `npm ci && npm start` stays lean. Idempotent: when the lockfile has not changed since the last install it only
# checks, in well under a second.
#   tools/npm-workspace-setup.sh <workspace folder> <what it is> <what the first install costs>
set -euo pipefail

dir="$(cd "$1" && pwd)"
what="$2"
cost="$3"
name="$(basename "$dir")"
stamp="$dir/node_modules/.datamaster-lock-sha256"

say() { printf '%s setup: %s\n' "$name" "$*"; }

cd "$dir"
wanted="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
  say "$what up to date ($name/node_modules)"
  exit 0
fi

say "installing $what into $name/node_modules (first time: $cost)"
started=$SECONDS
npm ci --no-audit --no-fund --loglevel=error
echo "$wanted" > "$stamp"
say "installed in $((SECONDS - started)) s"
