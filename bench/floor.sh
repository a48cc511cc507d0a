#!/usr/bin/env bash
# The least a submission can cost on this machine, beside the API and SQLite's own loop, at one client (issue 15).
# Each round runs, 10 s each and in turn: SQLite's loop (one writer, WAL, synchronous=FULL), the floor process's four
# routes (HTTP alone; HTTP and the durable insert; HTTP, one grain call and the durable insert; the same call writing
# its state through Lapor's storage: see Floor.cs), the
# API's /health/live and the API's intake (bench/wrk/submit.lua), each with `wrk -t1 -c1`; the serving process's CPU
# per request is read from /proc/<pid>/stat around each window. Neighbouring windows share the disk's minute.
#
#   bash bench/floor.sh [rounds=3] [seconds=10]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ROUNDS="${1:-3}" SECS="${2:-10}"
WORK="$(mktemp -d /tmp/lapor-floor.XXXXXX)"
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
cd "$ROOT"
dotnet build -c Release -nologo -v q Api/Lapor.Orleans.Api.csproj >/dev/null
dotnet build -c Release -nologo -v q bench/Lapor.Orleans.Bench/Lapor.Orleans.Bench.csproj >/dev/null
BENCH=(dotnet "$ROOT/bench/Lapor.Orleans.Bench/bin/Release/net10.0/Lapor.Orleans.Bench.dll")

ASPNETCORE_ENVIRONMENT=Production dotnet "$ROOT/Api/bin/Release/net10.0/Lapor.Orleans.Api.dll" --urls http://127.0.0.1:5180 \
    --Lapor:Storage:Provider=Sqlite --Lapor:Storage:DataFolder="$WORK/api" \
    --Lapor:Security:ServerKey="$(head -c 32 /dev/urandom | base64 -w0)" --Lapor:Auth:SigningKey="$(head -c 32 /dev/urandom | base64 -w0)" \
    --Lapor:RateLimits:Enabled=false --Lapor:Http:EnforceHttps=false --Lapor:Cluster:DemoData=true \
    --Lapor:Cluster:SiloPort=11280 --Lapor:Cluster:GatewayPort=30280 --Lapor:Cluster:ClusterId=floor-api > "$WORK/api.log" 2>&1 &
API=$!; PIDS+=("$API")
# The API runs with server GC (the web SDK's default); the floor process too, so both pay the same collector.
DOTNET_gcServer=1 "${BENCH[@]}" floor --urls http://127.0.0.1:5181 --db "$WORK/floor.db" --data "$WORK/floor-data" > "$WORK/floor.log" 2>&1 &
FLOOR=$!; PIDS+=("$FLOOR")
until curl -fsS -o /dev/null http://127.0.0.1:5180/health/ready 2>/dev/null; do sleep 0.5; done
until curl -fsS -o /dev/null -X POST -d '{}' http://127.0.0.1:5181/floor/http 2>/dev/null; do sleep 0.5; done

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# window PID LABEL URL SCRIPT: one wrk window at one client; prints "LABEL rate cpu-ms-per-request p50 p99".
window() {
    local pid="$1" label="$2" url="$3" script="$4" t0 t1 line
    t0=$(ticks "$pid")
    line="$(wrk -t1 -c1 -d"${SECS}s" -s "$script" "$url" | tail -n 1)"
    t1=$(ticks "$pid")
    read -r _ created _ _ _ seconds _ rate _ p50 _ p99 _ <<<"$line"
    awk -v l="$label" -v r="$rate" -v n="$created" -v t=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" -v p50="$p50" -v p99="$p99" \
        'BEGIN { printf "%-14s %8.0f/s  cpu %5.2f ms/req  p50 %5.2f  p99 %6.2f ms\n", l, r, (n > 0 ? t * 1000 / hz / n : 0), p50, p99 }'
}
cat > "$WORK/health.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("CREATED %d OTHER %d SECONDS %.2f RATE %.1f P50 %.2f P99 %.2f MAX %.2f\n", summary.requests,
    summary.errors.status, summary.duration / 1e6, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
LUA

# Warm-up: tiered compilation settles in both processes.
"${BENCH[@]}" intake --urls http://127.0.0.1:5180 --clients 4 --seconds 30 --label warmup --results "$WORK/warmup.tsv" >/dev/null
for route in http direct grain storage; do
    wrk -t1 -c4 -d10s -s bench/wrk/submit.lua "http://127.0.0.1:5181/floor/$route" >/dev/null
done

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), git $(git rev-parse --short HEAD), load $(cut -d' ' -f1-3 /proc/loadavg), ${SECS} s windows at one client"
for round in $(seq "$ROUNDS"); do
    echo "round $round"
    "${BENCH[@]}" sqlite-insert --db "$WORK/loop.db" --clients 1 --seconds "$SECS" --synchronous FULL --label loop --results "$WORK/loop.tsv"
    tail -n 1 "$WORK/loop.tsv" | awk -F'\t' '{ printf "%-14s %8.0f/s\n", "sqlite loop", $7 }'
    window "$FLOOR" "floor http" http://127.0.0.1:5181/floor/http bench/wrk/submit.lua
    window "$FLOOR" "floor direct" http://127.0.0.1:5181/floor/direct bench/wrk/submit.lua
    window "$FLOOR" "floor grain" http://127.0.0.1:5181/floor/grain bench/wrk/submit.lua
    window "$FLOOR" "floor storage" http://127.0.0.1:5181/floor/storage bench/wrk/submit.lua
    window "$API" "api health" http://127.0.0.1:5180/health/live "$WORK/health.lua"
    window "$API" "api intake" http://127.0.0.1:5180 bench/wrk/submit.lua
done
