#!/usr/bin/env bash
# Installs Debian's chromium for the Playwright web tests when it is absent (as root). Playwright is pointed at it by
# path (tests/Lapor.Orleans.Web.Tests/WebHost.cs) and never downloads a browser of its own.
set -euo pipefail
if [ -x "${LAPOR_CHROMIUM:-/usr/bin/chromium}" ]; then
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q chromium >/dev/null
test -x /usr/bin/chromium
