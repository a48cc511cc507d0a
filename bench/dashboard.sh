#!/usr/bin/env bash
# What the Orleans Dashboard costs an idle API as live complaints accumulate: a published API on a fresh SQLite folder,
# three 30 s bursts of intake (wrk -t2 -c16), each followed by 20 s of idle with the API's CPU read from /proc.
#
#   bash bench/dashboard.sh PUBLISHED_API_DLL on|off
#
# Run it once with `on` and once with `off` (Lapor:Dashboard:Enabled) and compare the idle lines.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DLL="$1"; MODE="${2:-on}"; PORT=5181
WORK="$(mktemp -d /tmp/lapor-dashboard.XXXXXX)"
ENABLED=true; [[ "$MODE" == off ]] && ENABLED=false
(cd "$WORK" && exec env ASPNETCORE_ENVIRONMENT=Production dotnet "$DLL" --urls "http://127.0.0.1:$PORT" \
    --Lapor:Storage:Provider=Sqlite "--Lapor:Storage:DataFolder=$WORK/data" \
    --Lapor:Security:ServerKey="$(head -c 32 /dev/urandom | base64 -w0)" --Lapor:Auth:SigningKey="$(head -c 32 /dev/urandom | base64 -w0)" \
    --Lapor:Auth:DevTokens=true --Lapor:RateLimits:Enabled=false --Lapor:Http:EnforceHttps=false --Lapor:Cluster:DemoData=true \
    --Lapor:Dashboard:Enabled="$ENABLED" > "$WORK/api.log" 2>&1) &
PID=$!
trap 'kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT
until curl -fsS -o /dev/null "http://127.0.0.1:$PORT/health/ready" 2>/dev/null; do sleep 0.5; done

ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
idle() { # idle LABEL: the API's share of one core over 20 s with no requests
    local before after
    before="$(ticks)"; sleep 20; after="$(ticks)"
    awk -v t="$((after - before))" -v hz="$(getconf CLK_TCK)" -v label="$1" \
        'BEGIN { printf "dashboard %s, %s: idle CPU %.1f %% of a core\n", "'"$MODE"'", label, 100 * t / hz / 20 }'
}

idle "before any submission"
created=0
for burst in 1 2 3; do
    n="$(wrk -t2 -c16 -d30s -s "$ROOT/bench/wrk/submit.lua" "http://127.0.0.1:$PORT" | awk '/^CREATED/ { print $2 }')"
    created=$((created + n))
    sleep 3
    idle "after $created submissions (RSS $(awk '/VmRSS/ { printf "%d MB", $2 / 1024 }' "/proc/$PID/status"))"
done
