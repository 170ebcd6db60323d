#!/usr/bin/env bash
# Installs what tests/test_browser.py needs on Debian or Ubuntu: headless Chromium and fonts for
# the scripts the hostile page shows (Latin, Cyrillic, Arabic, Hebrew: fonts-noto-core; Korean:
# fonts-noto-cjk; emoji: fonts-noto-color-emoji). Does nothing when chromium is already there.
# Run as root, or with sudo available. CI runs it before `make test` (see .ci/run).
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -n "${CLAIMREVIEW_CHROMIUM:-}" ]; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "browser_setup.sh: no apt-get here; install Chromium yourself and set CLAIMREVIEW_CHROMIUM" >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends \
    chromium fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji
