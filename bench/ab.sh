#!/usr/bin/env bash
# A/B of two builds of the API on a machine whose speed drifts: both run at once, each on its own fresh database, and
# intake loads them in turn for short windows (A, B, A, B, ...). A drift hits neighbouring windows alike, so compare
# the ratio B/A per round, not rates from different minutes.
#
#   bash bench/ab.sh postgres|sqlite API_A.dll API_B.dll [clients=16] [rounds=6] [seconds=10]
#
# Build each side with `dotnet publish Api -c Release -o DIR` from its commit (a worktree). AB_ENV_B="NAME=value ..."
# sets environment variables for B only (a switch in B's build). PostgreSQL comes from .ci/postgres.sh.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
MODE="$1"; DLL_A="$2"; DLL_B="$3"; CLIENTS="${4:-16}"; ROUNDS="${5:-6}"; SECONDS_PER="${6:-10}"
WORK="$(mktemp -d /tmp/lapor-ab.XXXXXX)"
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null || true; rm -rf "$WORK"' EXIT

dotnet build "$ROOT/bench/Lapor.Orleans.Bench" -c Release -v q -nologo >/dev/null
BENCH=(dotnet "$ROOT/bench/Lapor.Orleans.Bench/bin/Release/net10.0/Lapor.Orleans.Bench.dll")

if [[ "$MODE" == postgres ]]; then
    SERVER="$(bash "$ROOT/.ci/postgres.sh" | tail -1)"
    export PGPASSWORD=lapor-test
fi

start() { # start INDEX DLL
    local i="$1" dll="$2" storage
    if [[ "$MODE" == postgres ]]; then
        local db="lapor_ab_$i"
        psql -X -q -h 127.0.0.1 -p 55432 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
        storage=(--Lapor:Storage:Provider=Postgres "--Lapor:Storage:ConnectionString=$SERVER;Database=$db")
        dotnet "$dll" schema apply "${storage[@]}" >/dev/null
    else
        storage=(--Lapor:Storage:Provider=Sqlite "--Lapor:Storage:DataFolder=$WORK/data-$i")
    fi

    local extra=()
    if [[ "$i" == 1 && -n "${AB_ENV_B:-}" ]]; then
        read -r -a extra <<< "$AB_ENV_B"
    fi

    (cd "$WORK" && exec env "${extra[@]}" ASPNETCORE_ENVIRONMENT=Production dotnet "$dll" --urls "http://127.0.0.1:$((5150 + i))" "${storage[@]}" \
        --Lapor:Security:ServerKey="$(head -c 32 /dev/urandom | base64 -w0)" --Lapor:Auth:SigningKey="$(head -c 32 /dev/urandom | base64 -w0)" \
        --Lapor:Auth:DevTokens=true --Lapor:RateLimits:Enabled=false --Lapor:Http:EnforceHttps=false --Lapor:Cluster:DemoData=true \
        --Lapor:Cluster:SiloPort=$((11250 + i)) --Lapor:Cluster:GatewayPort=$((30250 + i)) --Lapor:Cluster:ClusterId="ab-$i" > "$WORK/api-$i.log" 2>&1) &
    PIDS+=($!)
    until curl -fsS -o /dev/null "http://127.0.0.1:$((5150 + i))/health/ready" 2>/dev/null; do sleep 0.5; done
}

start 0 "$DLL_A"
start 1 "$DLL_B"
for i in 0 1; do
    "${BENCH[@]}" intake --urls "http://127.0.0.1:$((5150 + i))" --clients 16 --seconds 30 --label warmup --results "$WORK/warmup.tsv" >/dev/null
done

echo "# $(date -u '+%Y-%m-%d %H:%M UTC') $MODE, $CLIENTS clients, ${SECONDS_PER} s windows; load $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "$ROUNDS"); do
    rates=()
    for i in 0 1; do
        rates+=("$("${BENCH[@]}" intake --urls "http://127.0.0.1:$((5150 + i))" --clients "$CLIENTS" --seconds "$SECONDS_PER" \
            --label ab --results "$WORK/ab.tsv" | tail -1 | cut -f7)")
    done
    awk -v r="$round" -v a="${rates[0]}" -v b="${rates[1]}" 'BEGIN { printf "round %d: A %.0f/s  B %.0f/s  B/A %.2f\n", r, a, b, b / a }'
done
