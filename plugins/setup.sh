#!/usr/bin/env bash
# Installs the Backstage workspace (plugins/node_modules, about 1.3 GB) from its own lockfile. It is kept out
# of the root install so that `npm ci && npm start` stays lean; `npm test` and `datamaster portal` run this.
# Idempotent: when the lockfile has not changed since the last install it only checks, in well under a second.
set -euo pipefail

PLUGINS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STAMP="$PLUGINS_DIR/node_modules/.datamaster-lock-sha256"

say() { printf 'plugins setup: %s\n' "$*"; }

cd "$PLUGINS_DIR"
wanted="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$wanted" ]; then
  say "Backstage workspace up to date (plugins/node_modules)"
  exit 0
fi

say "installing the Backstage workspace into plugins/node_modules (first time: about 4-8 minutes, 1.3 GB)"
started=$SECONDS
npm ci --no-audit --no-fund --loglevel=error
echo "$wanted" > "$STAMP"
say "installed in $((SECONDS - started)) s"
