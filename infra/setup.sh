#!/usr/bin/env bash
# Installs the CDK app's workspace (infra/node_modules: aws-cdk-lib, the CDK CLI, cdk-nag; about 300 MB);
# `npm test` and every infra target run this first.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec bash "$here/../tools/npm-workspace-setup.sh" "$here" "the CDK workspace" "about 20-60 seconds, 300 MB"
