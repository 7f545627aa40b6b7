#!/usr/bin/env bash
# Makes sure a headless Chromium is there for the dashboard's browser test, and prints its path.
# Debian's `chromium` package is used (playwright-core drives it by executable path; browser
# builds downloaded by Playwright itself are not used). CHROMIUM_PATH names another binary.
# Fails loudly when none can be found or installed.
set -euo pipefail

want="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$want" ]; then
  echo "chromium: $want ($("$want" --version 2>/dev/null || echo 'version unknown'))"
  exit 0
fi
if [ -n "${CHROMIUM_PATH:-}" ]; then
  echo "install-chromium: CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file." >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: /usr/bin/chromium is missing and apt-get is not available: install Chromium and set CHROMIUM_PATH to its binary." >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
    echo "install-chromium: /usr/bin/chromium is missing; run as root (or with sudo): apt-get install -y chromium" >&2
    exit 1
  fi
fi
echo "install-chromium: installing Debian's chromium package (once; later runs find it)..."
if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core; } >&2; then
  echo "install-chromium: apt-get could not install chromium; the browser test cannot run." >&2
  exit 1
fi
if [ ! -x /usr/bin/chromium ]; then
  echo "install-chromium: the chromium package installed no /usr/bin/chromium." >&2
  exit 1
fi
echo "chromium: /usr/bin/chromium ($(/usr/bin/chromium --version 2>/dev/null || echo 'version unknown'))"
