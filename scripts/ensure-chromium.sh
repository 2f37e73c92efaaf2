#!/usr/bin/env bash
# The browser tests drive Debian's Chromium; install it when missing (needs root and apt).
set -euo pipefail
CHROMIUM=${PRAMOEN_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is needed for the browser tests: apt-get install chromium (or set PRAMOEN_CHROMIUM)" >&2
    exit 1
  fi
fi
