#!/usr/bin/env bash
# The README's test command: every test project, on a machine with only the .NET SDK.
# The PostgreSQL tests need a server: unless LAPOR_TEST_POSTGRES names one (or LAPOR_SKIP_POSTGRES=1 skips them),
# .ci/postgres.sh starts a throw-away server on 127.0.0.1:55432, installing PostgreSQL from Debian packages if absent
# (as root, or through sudo). Extra arguments go to `dotnet test` (e.g. --filter ...).
set -euo pipefail
cd "$(dirname "$0")"

if [ -z "${LAPOR_TEST_POSTGRES:-}" ] && [ "${LAPOR_SKIP_POSTGRES:-}" != "1" ]; then
    if [ "$(id -u)" -eq 0 ]; then
        LAPOR_TEST_POSTGRES="$(bash .ci/postgres.sh | tail -n 1)"
    elif command -v sudo >/dev/null 2>&1; then
        LAPOR_TEST_POSTGRES="$(sudo bash .ci/postgres.sh | tail -n 1)"
    else
        echo "test.sh: starting PostgreSQL needs root or sudo; set LAPOR_TEST_POSTGRES to a server, or LAPOR_SKIP_POSTGRES=1" >&2
        exit 2
    fi
    export LAPOR_TEST_POSTGRES
fi

if [ "${LAPOR_TEST_DRY_RUN:-}" = "1" ]; then
    echo "LAPOR_TEST_POSTGRES=${LAPOR_TEST_POSTGRES:-}"
    echo "dotnet test Lapor.Orleans.sln $*"
    exit 0
fi

# The web tests (tests/Lapor.Orleans.Web.Tests) need Debian's chromium at /usr/bin/chromium (or LAPOR_CHROMIUM);
# .ci/chromium.sh installs it (as root, or through sudo). Without it those tests skip locally and fail under CI=true.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ ! -x "${LAPOR_CHROMIUM:-/usr/bin/chromium}" ] && [ "${LAPOR_SKIP_CHROMIUM:-}" != "1" ]; then
    if [ "$(id -u)" -eq 0 ]; then bash .ci/chromium.sh || true
    elif command -v sudo >/dev/null 2>&1; then sudo bash .ci/chromium.sh || true
    fi
fi

exec dotnet test Lapor.Orleans.sln "$@"
