#!/usr/bin/env bash
# What sets intake's tail below the peak (issue 5's "p99 < 50 ms at half of peak load"), on PostgreSQL: one API on a
# fresh database, warmed for 40 s at 16 clients, then the .NET generator paced at RATE for 30 s (latency from each
# call's due time) while dotnet-counters reads the API's runtime counters (GC pauses and collections, CPU) every second
# and vmstat the machine's; then pgbench paced at the same rate over 8 clients (each transaction's latency from its
# schedule, from pgbench's log) for the database's own tail; with PEAK=1 also 15 s of wrk at 64 clients (the peak).
#
#   bash bench/tail.sh LABEL [rate=1250] [API.dll]
#
# API_ENV="NAME=value ..." sets environment variables for the API only (a GC setting, a switch in a throwaway build).
# Results under bench/results/tail-LABEL; the summary is printed.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
LABEL="$1"; RATE="${2:-1250}"; API_DLL="${3:-$ROOT/Api/bin/Release/net10.0/Lapor.Orleans.Api.dll}"
OUT="$ROOT/bench/results/tail-$LABEL"
rm -rf "$OUT"; mkdir -p "$OUT"
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null || true' EXIT
command -v wrk >/dev/null || { echo "tail.sh needs wrk (apt-get install wrk)" >&2; exit 1; }
COUNTERS="$HOME/.dotnet/tools/dotnet-counters"
[ -x "$COUNTERS" ] || dotnet tool install -g dotnet-counters >&2

CONN="$(bash "$ROOT/.ci/postgres.sh" | tail -n 1)"
export PGPASSWORD=lapor-test
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p 55432 -U postgres)
for db in lapor_tail lapor_tail_ref; do
    "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
done
"${PSQL[@]}" -d lapor_tail_ref -c "CREATE TABLE bench_insert (id bigserial PRIMARY KEY, code text NOT NULL, payload text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())"
echo "INSERT INTO bench_insert (code, payload) VALUES (md5(random()::text), repeat(md5(random()::text), 50));" > "$OUT/insert.sql"

if [ "$#" -lt 3 ]; then
    dotnet build -c Release -nologo -v q "$ROOT/Api/Lapor.Orleans.Api.csproj" >&2
fi
dotnet build -c Release -nologo -v q "$ROOT/bench/Lapor.Orleans.Bench/Lapor.Orleans.Bench.csproj" >&2
BENCH=(dotnet "$ROOT/bench/Lapor.Orleans.Bench/bin/Release/net10.0/Lapor.Orleans.Bench.dll")
dotnet "$API_DLL" schema apply --Lapor:Storage:Provider=Postgres --Lapor:Storage:ConnectionString="$CONN;Database=lapor_tail" >/dev/null 2>&1

# shellcheck disable=SC2086 # API_ENV is a list of NAME=value words
env ${API_ENV:-} ASPNETCORE_ENVIRONMENT=Production dotnet "$API_DLL" --urls http://127.0.0.1:5190 \
    --Lapor:Storage:Provider=Postgres --Lapor:Storage:ConnectionString="$CONN;Database=lapor_tail" \
    --Lapor:Security:ServerKey="$(head -c 32 /dev/urandom | base64 -w0)" --Lapor:Auth:SigningKey="$(head -c 32 /dev/urandom | base64 -w0)" \
    --Lapor:RateLimits:Enabled=false --Lapor:Http:EnforceHttps=false --Lapor:Cluster:DemoData=true \
    --Lapor:Cluster:SiloPort=11290 --Lapor:Cluster:GatewayPort=30290 --Lapor:Cluster:ClusterId=tail > "$OUT/api.log" 2>&1 &
API=$!; PIDS+=("$API")
until curl -fsS -o /dev/null http://127.0.0.1:5190/health/ready 2>/dev/null; do
    kill -0 "$API" 2>/dev/null || { tail -n 20 "$OUT/api.log" >&2; exit 1; }
    sleep 0.5
done

"${BENCH[@]}" intake --urls http://127.0.0.1:5190 --clients 16 --seconds 40 --label warmup --results "$OUT/warmup.tsv" >/dev/null
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), git $(git -C "$ROOT" rev-parse --short HEAD), load $(cut -d' ' -f1-3 /proc/loadavg), API_ENV=${API_ENV:-}"
"$COUNTERS" collect -p "$API" --format csv -o "$OUT/counters.csv" --refresh-interval 1 --counters System.Runtime --duration 00:00:32 >/dev/null 2>&1 &
CNT=$!
vmstat 1 32 > "$OUT/vmstat.txt" &
VM=$!
"${BENCH[@]}" intake --urls http://127.0.0.1:5190 --clients 64 --rate "$RATE" --seconds 30 --label paced --results "$OUT/paced.tsv" >/dev/null
wait "$CNT" "$VM"
(cd "$OUT" && pgbench -h 127.0.0.1 -p 55432 -U postgres -n -f insert.sql -c 8 -j 2 -R "$RATE" -T 30 -l lapor_tail_ref >/dev/null 2>&1)
if [ -n "${PEAK:-}" ]; then
    wrk -t2 -c64 -d15s -s "$ROOT/bench/wrk/submit.lua" http://127.0.0.1:5190 | tail -n 1 > "$OUT/peak.txt"
fi

awk -F'\t' '{ printf "API paced      %7.0f/s  p50 %6.2f  p99 %7.2f  max %7.2f ms\n", $7, $8, $9, $10 }' "$OUT/paced.tsv"
# pgbench's log: field 3 is the transaction's latency, field 7 its lag behind the schedule (µs).
cat "$OUT"/pgbench_log.* | awk '{ print $3 + $7 }' | sort -n | awk -v n="$(cat "$OUT"/pgbench_log.* | wc -l)" '
    { a[NR] = $1 } END { printf "pgbench paced  %7.0f/s  p50 %6.2f  p99 %7.2f  max %7.2f ms\n", n / 30, a[int(NR * 0.5)] / 1000, a[int(NR * 0.99)] / 1000, a[NR] / 1000 }'
awk -F, '/gc.pause.time/ { p += $5; n++ } /collections/ && /gen0\]/ { g0 += $5 } /collections/ && /gen1\]/ { g1 += $5 }
    /collections/ && /gen2\]/ { g2 += $5 } /cpu.mode=/ { cpu += $5 } /working_set/ { ws = $5 }
    END { printf "API GC         pauses %.2f s in %d s over %d collections (gen0 %d, gen1 %d, gen2 %d), mean %.0f ms; CPU %.2f cores; working set %d MB\n",
        p, n, g0 + g1 + g2, g0, g1, g2, (g0 + g1 + g2 > 0 ? p * 1000 / (g0 + g1 + g2) : 0), cpu / n, ws / 1e6 }' "$OUT/counters.csv"
awk 'NR > 2 { idle += $15; n++ } END { printf "machine        idle %.0f %% during the paced window\n", idle / n }' "$OUT/vmstat.txt"
[ -f "$OUT/peak.txt" ] && awk '{ printf "API peak       %7.0f/s at 64 clients (wrk), p99 %s ms\n", $8, $12 }' "$OUT/peak.txt"
true
