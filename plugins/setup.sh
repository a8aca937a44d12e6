#!/usr/bin/env bash
# Installs the Backstage workspace (plugins/node_modules, about 1.3 GB); `npm test` and `datamaster portal` run this.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec bash "$here/../tools/npm-workspace-setup.sh" "$here" "the Backstage workspace" "about 4-8 minutes, 1.3 GB"
