#!/usr/bin/env bash
# How fast a new API process comes up to speed (operations.md, "Warm-up after a start"): a fresh embedded database,
# the time until /health/ready answers, then six windows of 5 s of intake at 16 clients (wrk, bench/wrk/submit.lua),
# printed as the rate and p99 of each window. Environment variables pass on to the API (e.g. DOTNET_TieredPGO=0).
#
#   bash bench/warmup.sh PUBLISHED_API_DLL [label]
#
# Publish the build to measure first: `dotnet publish Api -c Release -o DIR` (add `-r linux-x64 --self-contained false
# -p:PublishReadyToRun=true` for ReadyToRun).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DLL="$1" LABEL="${2:-api}"
WORK="$(mktemp -d /tmp/lapor-warmup.XXXXXX)"
API=""
trap '[ -n "$API" ] && kill "$API" 2>/dev/null; rm -rf "$WORK"' EXIT
command -v wrk >/dev/null || { echo "warmup.sh needs wrk (apt-get install wrk)" >&2; exit 1; }

t0=$(date +%s%N)
(cd "$WORK" && exec env ASPNETCORE_ENVIRONMENT=Production dotnet "$DLL" --urls http://127.0.0.1:5185 \
    --Lapor:Storage:Provider=Sqlite --Lapor:Storage:DataFolder="$WORK/data" \
    --Lapor:Security:ServerKey="$(head -c 32 /dev/urandom | base64 -w0)" --Lapor:Auth:SigningKey="$(head -c 32 /dev/urandom | base64 -w0)" \
    --Lapor:RateLimits:Enabled=false --Lapor:Http:EnforceHttps=false --Lapor:Cluster:DemoData=true \
    --Lapor:Cluster:SiloPort=11285 --Lapor:Cluster:GatewayPort=30285 --Lapor:Cluster:ClusterId=warmup > "$WORK/api.log" 2>&1) &
API=$!
until curl -fsS -o /dev/null http://127.0.0.1:5185/health/ready 2>/dev/null; do
    kill -0 "$API" 2>/dev/null || { tail -n 20 "$WORK/api.log" >&2; exit 1; }
    sleep 0.05
done
t1=$(date +%s%N)
awk -v l="$LABEL" -v ns=$((t1 - t0)) 'BEGIN { printf "%s: ready after %.2f s; intake per 5 s window:", l, ns / 1e9 }'
for _ in 1 2 3 4 5 6; do
    wrk -t2 -c16 -d5s -s "$ROOT/bench/wrk/submit.lua" http://127.0.0.1:5185 | tail -n 1 | awk '{ printf " %.0f/s (p99 %.0f ms)", $8, $12 }'
done
echo
