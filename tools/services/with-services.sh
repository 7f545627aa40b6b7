#!/usr/bin/env bash
# Runs a command with the services up and their settings exported, then stops what it started
# (services that were already running, e.g. from `npm run services:up`, are left running).
#   tools/services/with-services.sh <command> [args...]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
already_running=false
if "$here/services.sh" status 2>/dev/null | grep -q ': running'; then already_running=true; fi
"$here/services.sh" up
# shellcheck disable=SC1090
eval "$("$here/services.sh" env)"
cleanup() { if [ "$already_running" = false ]; then "$here/services.sh" down; fi; }
trap cleanup EXIT
trap 'exit 130' INT TERM
"$@"
