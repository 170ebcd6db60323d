#!/usr/bin/env bash
# Installs the Debian packages the test extra needs to build from source where no wheel fits:
# ICU's headers and pkg-config for PyICU (followthemoney's name handling, the `ftm` extra).
# Does nothing when they are already there (the python machine image has both). CI runs it
# before `make test` (see .ci/run); run as root, or with sudo available.
set -euo pipefail
missing=()
for pkg in libicu-dev pkg-config; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
((${#missing[@]})) || exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
