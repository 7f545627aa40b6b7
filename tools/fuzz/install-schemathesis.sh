#!/usr/bin/env bash
# Installs schemathesis from PyPI into a virtual environment under .cache/ (never into the
# system Python) and prints the path of its `st` command. Idempotent: a matching install is reused.
set -euo pipefail
VERSION="${SCHEMATHESIS_VERSION:-4.32.5}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="$ROOT/.cache/schemathesis-$VERSION"
PYTHON="${PYTHON:-python3}"
if [ ! -x "$VENV/bin/st" ]; then
  "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' || { echo "schemathesis needs Python 3.10+ ($PYTHON is older)" >&2; exit 1; }
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV" >&2
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$VERSION" >&2
fi
echo "$VENV/bin/st"
