#!/usr/bin/env bash
# Runs a command with the services up and their settings exported, then stops what it started.
#   tools/services/with-services.sh <command> [args...]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
"$here/services.sh" up
# shellcheck disable=SC1090
eval "$("$here/services.sh" env)"
cleanup() { "$here/services.sh" down; }
trap cleanup EXIT
trap 'exit 130' INT TERM
"$@"
