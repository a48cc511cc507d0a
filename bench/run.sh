#!/usr/bin/env bash
# Lapor.Orleans benchmarks, one command: bash bench/run.sh
# Starts PostgreSQL (.ci/postgres.sh), makes fresh databases, applies the schema, starts the API (co-hosted silo,
# Release, PostgreSQL mode, loopback only), runs every measurement with its same-run reference and prints the
# summary table. Everything is bounded in time and count. Knobs (environment):
#   INTAKE_SECONDS=15 READ_SECONDS=10 INTAKE_CLIENTS="1 16 64" READ_CLIENTS="16 64"
#   INTAKE_WARMUP=90                                           seconds of intake before the first intake/reads figure
#                                                              (intake figures: wrk with bench/wrk/submit.lua, and the
#                                                              .NET generator beside it, labels ending -httpclient; at
#                                                              16 clients also wrk with reports that name the demo
#                                                              agencies, label 1-host-named)
#   ESC_N=10000 ESC_MINUTES=6 ESC_CLIENTS=32 ESC_AGENCIES=100  escalation timeliness on one silo (ESC_N=0 skips)
#   ESC_LOAD_SECONDS=1200                                      bound on the escalation load phase
#   ESC_SPREAD=0                                               verification limits spread over ESC_MINUTES..+ESC_SPREAD min
#   NOTIFY_N=3000 NOTIFY_MINUTES=3 NOTIFY_CLIENTS=32 NOTIFY_AGENCIES=20 NOTIFY_DIRECT_SECONDS=10   issue 12: notification delivery lag p99 and
#                                                              deliveries/s during an escalation load (NOTIFY_N=0 skips)
#   SCALE=1 KILL_N=3000 KILL_MINUTES=3                         1 vs 3 co-hosted API processes; escalation with a kill
#   SCALE_LOAD=1                                               (0: only the kill test on the 3 processes)
#   KILL_INTAKE_CLIENTS=2                                      intake across the kill; acknowledged complaints read back
#   PROFILE=1 PROFILE_SECONDS=15                               dotnet-trace CPU sampling of intake at 16 clients
#   GROWTH_STAGES="1000 10000 100000" INBOX_WARMUP=30         open complaints at which bytes/submission and rows are printed;
#                                                              seconds of inbox pages read before the measured ones
#   MONEV_COMPLAINTS=100000 MONEV_MINISTRIES=150 MONEV_CLIENTS="1 16" MONEV_SECONDS=10
#                                                              issue 15: national-shape tree, a year of facts, monev views
#   SQLITE_CLIENTS="1 16" SQLITE_SYNC=FULL SQLITE_WARMUP=30     issue 15: intake on SQLite beside SQLite's own insert loop
#   FLOOD_CLIENTS=32 FLOOD_STAFF=4                             issue 11: staff inbox pages during an anonymous submission flood
#   PAGES_CLIENTS="16" PAGES_SECONDS=10 PAGES_SEED_SECONDS=10  issue 10: inbox and dashboard page render beside /health/live
#   ONLY="intake reads growth escalation notify scale profile monev sqlite flood pages"   run a subset
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="${BENCH_OUT:-$ROOT/bench/results/$STAMP}"
mkdir -p "$OUT"
RESULTS="$OUT/results.tsv"
: > "$RESULTS"

INTAKE_SECONDS="${INTAKE_SECONDS:-15}"
READ_SECONDS="${READ_SECONDS:-10}"
INTAKE_WARMUP="${INTAKE_WARMUP:-90}"
INTAKE_CLIENTS="${INTAKE_CLIENTS:-1 16 64}"
READ_CLIENTS="${READ_CLIENTS:-16 64}"
ESC_N="${ESC_N:-10000}"
ESC_MINUTES="${ESC_MINUTES:-6}"
ESC_CLIENTS="${ESC_CLIENTS:-32}"
ESC_AGENCIES="${ESC_AGENCIES:-100}"
ESC_SPREAD="${ESC_SPREAD:-0}"
ESC_LOAD_SECONDS="${ESC_LOAD_SECONDS:-1200}"
SCALE="${SCALE:-1}"
KILL_N="${KILL_N:-3000}"
KILL_MINUTES="${KILL_MINUTES:-3}"
KILL_INTAKE_CLIENTS="${KILL_INTAKE_CLIENTS:-2}"
PROFILE="${PROFILE:-1}"
PROFILE_SECONDS="${PROFILE_SECONDS:-15}"
GROWTH_STAGES="${GROWTH_STAGES:-1000 10000 100000}"
MONEV_COMPLAINTS="${MONEV_COMPLAINTS:-100000}"
MONEV_MINISTRIES="${MONEV_MINISTRIES:-150}"
MONEV_CLIENTS="${MONEV_CLIENTS:-1 16}"
MONEV_SECONDS="${MONEV_SECONDS:-10}"
SQLITE_CLIENTS="${SQLITE_CLIENTS:-1 16}"
SQLITE_SYNC="${SQLITE_SYNC:-FULL}"
PAGES_CLIENTS="${PAGES_CLIENTS:-16}"
PAGES_SECONDS="${PAGES_SECONDS:-10}"
PAGES_SEED_SECONDS="${PAGES_SEED_SECONDS:-10}"
NOTIFY_N="${NOTIFY_N:-3000}"
NOTIFY_MINUTES="${NOTIFY_MINUTES:-3}"
NOTIFY_CLIENTS="${NOTIFY_CLIENTS:-32}"
NOTIFY_AGENCIES="${NOTIFY_AGENCIES:-20}"
NOTIFY_DIRECT_SECONDS="${NOTIFY_DIRECT_SECONDS:-10}"
ONLY="${ONLY:-intake reads growth escalation notify scale profile monev sqlite flood pages}"
want() { [[ " $ONLY " == *" $1 "* ]]; }
log() { echo "[$(date -u +%H:%M:%S)] run.sh: $*" >&2; }

# ---- machine ---------------------------------------------------------------------------------------------------
{
    echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') x $(nproc)"
    echo "memory: $(free -m | awk '/Mem:/ {print $2 " MiB"}')"
    echo "os: $(. /etc/os-release; echo "$PRETTY_NAME") / $(uname -r)"
    echo "dotnet: $(dotnet --version)"
    echo "git: $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
} > "$OUT/machine.txt"

# ---- PostgreSQL and databases (only for the sections that use it) -------------------------------------------------
if want intake || want reads || want profile || want escalation || want notify || want scale || want growth || want flood; then
CONN="$(bash .ci/postgres.sh | tail -n 1)"
PG_PORT="$(sed -n 's/.*Port=\([0-9]*\).*/\1/p' <<<"$CONN")"
export PGPASSWORD="$(sed -n 's/.*Password=\([^;]*\).*/\1/p' <<<"$CONN")"
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres)
echo "postgresql: $("${PSQL[@]}" -At -c 'show server_version') fsync=$("${PSQL[@]}" -At -c 'show fsync') synchronous_commit=$("${PSQL[@]}" -At -c 'show synchronous_commit')" >> "$OUT/machine.txt"
fi
echo "disk: $(df -h "$OUT" | awk 'NR==2 {print $1 " " $2}') under $OUT" >> "$OUT/machine.txt"
cat "$OUT/machine.txt" >&2

fresh_db() {
    "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1"
}

# ---- build -------------------------------------------------------------------------------------------------------
log "building (Release)"
dotnet build -c Release -nologo -v q Api/Lapor.Orleans.Api.csproj >&2
dotnet build -c Release -nologo -v q bench/Lapor.Orleans.Bench/Lapor.Orleans.Bench.csproj >&2
API_DLL="$ROOT/Api/bin/Release/net10.0/Lapor.Orleans.Api.dll"
BENCH=(dotnet "$ROOT/bench/Lapor.Orleans.Bench/bin/Release/net10.0/Lapor.Orleans.Bench.dll")
SERVER_KEY="$(head -c 32 /dev/urandom | base64 -w0)"
SIGNING_KEY="$(head -c 32 /dev/urandom | base64 -w0)"

# ---- intake load generators -----------------------------------------------------------------------------------------
# Intake is driven by wrk (C, Debian's package, installed here when missing), as pgbench drives the reference: on two
# cores the .NET generator's own CPU (~0.3-0.6 ms a request) is a fifth of the machine at 16 clients. The .NET
# generator's figure is recorded too (label suffix -httpclient), and it writes the tracking codes the reads use.
if ! command -v wrk >/dev/null 2>&1; then
    log "installing wrk from Debian packages"
    DEBIAN_FRONTEND=noninteractive apt-get install -y wrk >&2 || log "wrk could not be installed: intake figures come from the .NET generator only"
fi

# intake_wrk URL CLIENTS LABEL [named]: wrk for INTAKE_SECONDS, recorded as an intake row (only 201 answers count).
# With "named" the reports name the demo agencies in turn (bench/wrk/submit.lua), so roll-ups lie on their path.
intake_wrk() {
    local url="$1" clients="$2" label="$3" mode="${4:-}" line
    command -v wrk >/dev/null 2>&1 || return 0
    line="$(wrk -t "$(( clients < 2 ? 1 : 2 ))" -c "$clients" -d "${INTAKE_SECONDS}s" --timeout 30s -s "$ROOT/bench/wrk/submit.lua" "$url" -- $mode | tail -n 1)"
    echo "$line" >&2
    read -r _ created _ other _ seconds _ rate _ p50 _ p99 _ max <<<"$line"
    "${BENCH[@]}" record --results "$RESULTS" --kind intake --label "$label" --clients "$clients" --ok "$created" --errors "$other" \
        --seconds "$seconds" --rate "$rate" --p50 "$p50" --p99 "$p99" --max "$max" --note "generator=wrk"
}

# ---- API processes -----------------------------------------------------------------------------------------------
declare -a API_PIDS=()
cleanup() {
    local p
    for p in "${API_PIDS[@]}"; do
        kill "$p" 2>/dev/null || true
    done
    sleep 1
    for p in "${API_PIDS[@]}"; do
        kill -9 "$p" 2>/dev/null || true
    done
}
trap cleanup EXIT

# A process left on the port would answer the readiness check in place of the one just started (a run measured a
# stale API that way): refuse to start instead.
port_free() {
    if curl -fsS -o /dev/null "http://127.0.0.1:$1/health/live" 2>/dev/null; then
        log "port $1 already answers HTTP: stop that process first"
        exit 1
    fi
}

# start_api INDEX DB [extra settings...]: HTTP 127.0.0.1:(5100+i), silo 11200+i, gateway 30200+i. Sets API_PID.
start_api() {
    local i="$1" db="$2"; shift 2
    local port=$((5100 + i))
    port_free "$port"
    ASPNETCORE_ENVIRONMENT=Production \
    dotnet "$API_DLL" --urls "http://127.0.0.1:$port" \
        --Lapor:Storage:Provider=Postgres --Lapor:Storage:ConnectionString="$CONN;Database=$db${API_POOL:+;Maximum Pool Size=$API_POOL}" \
        --Lapor:Security:ServerKey="$SERVER_KEY" --Lapor:Auth:SigningKey="$SIGNING_KEY" --Lapor:Auth:DevTokens=true \
        --Lapor:RateLimits:Enabled=false --Lapor:Http:EnforceHttps=false \
        --Lapor:Cluster:DemoData=true --Lapor:Cluster:SiloPort=$((11200 + i)) --Lapor:Cluster:GatewayPort=$((30200 + i)) \
        --Lapor:Cluster:ClusterId="bench-$db" "$@" > "$OUT/api-$db-$i.log" 2>&1 &
    API_PID=$!
    API_PIDS+=("$API_PID")
    local deadline=$((SECONDS + 120))
    until curl -fsS -o /dev/null "http://127.0.0.1:$port/health/ready" 2>/dev/null; do
        if ((SECONDS > deadline)) || ! kill -0 "$API_PID" 2>/dev/null; then
            log "API $i did not become ready; see $OUT/api-$db-$i.log"
            tail -n 30 "$OUT/api-$db-$i.log" >&2
            exit 1
        fi
        sleep 0.5
    done
    log "API $i ready on 127.0.0.1:$port (pid $API_PID)"
}

# start_api_sqlite INDEX FOLDER [extra settings...]: the embedded default (SQLite file in FOLDER, localhost clustering),
# HTTP 127.0.0.1:(5100+i), silo 11200+i, gateway 30200+i, cluster id bench-sqlite-i. Sets API_PID.
start_api_sqlite() {
    local i="$1" folder="$2"; shift 2
    local port=$((5100 + i))
    port_free "$port"
    mkdir -p "$folder"
    ASPNETCORE_ENVIRONMENT=Production \
    dotnet "$API_DLL" --urls "http://127.0.0.1:$port" \
        --Lapor:Storage:Provider=Sqlite --Lapor:Storage:DataFolder="$folder" --Lapor:Storage:SqliteSynchronous="$SQLITE_SYNC" \
        --Lapor:Security:ServerKey="$SERVER_KEY" --Lapor:Auth:SigningKey="$SIGNING_KEY" --Lapor:Auth:DevTokens=true \
        --Lapor:RateLimits:Enabled=false --Lapor:Http:EnforceHttps=false \
        --Lapor:Cluster:DemoData=true --Lapor:Cluster:SiloPort=$((11200 + i)) --Lapor:Cluster:GatewayPort=$((30200 + i)) \
        --Lapor:Cluster:ClusterId="bench-sqlite-$i" "$@" > "$OUT/api-sqlite-$i.log" 2>&1 &
    API_PID=$!
    API_PIDS+=("$API_PID")
    local deadline=$((SECONDS + 120))
    until curl -fsS -o /dev/null "http://127.0.0.1:$port/health/ready" 2>/dev/null; do
        if ((SECONDS > deadline)) || ! kill -0 "$API_PID" 2>/dev/null; then
            log "API $i (SQLite) did not become ready; see $OUT/api-sqlite-$i.log"
            tail -n 30 "$OUT/api-sqlite-$i.log" >&2
            exit 1
        fi
        sleep 0.5
    done
    log "API $i (SQLite in $folder, synchronous=$SQLITE_SYNC) ready on 127.0.0.1:$port (pid $API_PID)"
}

stop_apis() {
    cleanup
    API_PIDS=()
}

schema_apply() {
    dotnet "$API_DLL" schema apply --Lapor:Storage:Provider=Postgres --Lapor:Storage:ConnectionString="$CONN;Database=$1" >&2
}

# ---- pgbench reference: a comparable single-row INSERT, fsync on ---------------------------------------------------
REF_DB=lapor_bench_ref
pgbench_ref() {
    local clients="$1" label="$2"
    local jobs=$(( clients < 2 ? 1 : 2 ))
    local out
    out="$(pgbench -n -h 127.0.0.1 -p "$PG_PORT" -U postgres -f "$OUT/insert.sql" -c "$clients" -j "$jobs" -T "$INTAKE_SECONDS" "$REF_DB" 2>&1)"
    echo "$out" > "$OUT/pgbench-$label-$clients.txt"
    local tps lat
    tps="$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' <<<"$out" | head -n 1)"
    lat="$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' <<<"$out")"
    "${BENCH[@]}" record --results "$RESULTS" --kind pgbench --label "$label" --clients "$clients" --rate "$tps" \
        --seconds "$INTAKE_SECONDS" --note "single-row INSERT ~1.6 KB, fsync on, latency avg ${lat} ms, -j $jobs"
}

setup_pgbench() {
    fresh_db "$REF_DB"
    "${PSQL[@]}" -d "$REF_DB" -c "CREATE TABLE bench_insert (id bigserial PRIMARY KEY, code text NOT NULL, payload text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())"
    # ~1.6 KB of incompressible text: below the TOAST threshold, about the size of one stored complaint.
    echo "INSERT INTO bench_insert (code, payload) VALUES (md5(random()::text), repeat(md5(random()::text), 50));" > "$OUT/insert.sql"
}

CODES="$OUT/codes.txt"

# ---- 1 + 2 + 5: intake, reads, profile on one API process ---------------------------------------------------------
if want intake || want reads || want profile; then
    setup_pgbench
    fresh_db lapor_bench
    schema_apply lapor_bench
    start_api 0 lapor_bench
    ONE="http://127.0.0.1:5100"
    # Warm-up: connection pools, demo agencies, and tiered compilation, which perf showed still taking 7 % of the
    # API's CPU 40 s into an intake load and none after 100 s (the 30 s before that ran at 56 % of the steady rate).
    "${BENCH[@]}" intake --urls "$ONE" --clients 16 --seconds "$INTAKE_WARMUP" --label warmup --results "$OUT/warmup.tsv" --codes "$CODES" >/dev/null
    if want intake; then
        for c in $INTAKE_CLIENTS; do
            log "intake at $c clients, then pgbench at $c clients"
            "${BENCH[@]}" intake --urls "$ONE" --clients "$c" --seconds "$INTAKE_SECONDS" --label 1-host-httpclient --results "$RESULTS" --codes "$CODES"
            intake_wrk "$ONE" "$c" 1-host
            pgbench_ref "$c" 1-host
            if [ "$c" = 16 ]; then
                log "intake at 16 clients, reports naming the demo agencies (roll-ups on the path)"
                intake_wrk "$ONE" "$c" 1-host-named named
            fi
        done
        # Issue 5: p99 at half of the peak. wrk's closed loops at 2, 4 and 8 clients give rates around it; then the .NET
        # generator paced at exactly half from 64 workers, latency from each call's due time (its own CPU shares the cores).
        PEAK="$(awk -F'\t' '$1 == "intake" && $2 ~ /^1-host/ && $7 > max { max = $7 } END { printf "%d", max }' "$RESULTS")"
        log "intake around half of this run's peak ($PEAK/s): wrk at 2, 4 and 8 clients, then paced at $((PEAK / 2))/s"
        for c in 2 4 8; do
            intake_wrk "$ONE" "$c" half-peak-closed
        done
        "${BENCH[@]}" intake --urls "$ONE" --clients 64 --rate "$((PEAK / 2))" --seconds "$INTAKE_SECONDS" --label half-peak-paced --results "$RESULTS"
        "${PSQL[@]}" -d lapor_bench -At -F ' ' -c "SELECT 'stored complaint rows', count(*), 'avg payload bytes', round(avg(octet_length(payload))) FROM lapor_grain_state WHERE grain_type LIKE '%omplaint%'" | tee -a "$OUT/machine.txt" >&2
        "${PSQL[@]}" -d lapor_bench -At -F ' ' -c "SELECT 'largest agency row bytes', max(octet_length(payload)) FROM lapor_grain_state WHERE grain_type LIKE '%gency%'" | tee -a "$OUT/machine.txt" >&2
    fi
    if want reads; then
        # The read path's own warm-up (tiered compilation of the status handler); intake warmed only the write path.
        "${BENCH[@]}" reads --urls "$ONE" --clients 16 --seconds 10 --target status --codes "$CODES" --label warmup --results "$OUT/warmup.tsv" >/dev/null
        for c in $READ_CLIENTS; do
            log "reads at $c clients: complaint status, then /health/live"
            "${BENCH[@]}" reads --urls "$ONE" --clients "$c" --seconds "$READ_SECONDS" --target status --codes "$CODES" --label 1-host --results "$RESULTS"
            "${BENCH[@]}" reads --urls "$ONE" --clients "$c" --seconds "$READ_SECONDS" --target health --label 1-host --results "$RESULTS"
        done
    fi
    if want profile && [ "$PROFILE" = 1 ]; then
        TRACE="$(command -v dotnet-trace || echo "$HOME/.dotnet/tools/dotnet-trace")"
        if [ ! -x "$TRACE" ]; then
            dotnet tool install -g dotnet-trace >&2 || true
        fi
        if [ -x "$TRACE" ]; then
            log "profiling intake at 16 clients for ${PROFILE_SECONDS} s (dotnet-trace dotnet-sampled-thread-time)"
            "$TRACE" collect -p "$API_PID" --profile dotnet-sampled-thread-time,dotnet-common --duration "00:00:00:$(printf %02d "$((PROFILE_SECONDS + 2))")" \
                -o "$OUT/intake.nettrace" > "$OUT/trace-collect.log" 2>&1 &
            TRACE_PID=$!
            sleep 2
            "${BENCH[@]}" intake --urls "$ONE" --clients 16 --seconds "$PROFILE_SECONDS" --label profiled --results "$RESULTS" --codes "$CODES"
            wait "$TRACE_PID" || true
            "$TRACE" report "$OUT/intake.nettrace" topN -n 40 --inclusive > "$OUT/profile-inclusive.txt" 2>&1 || true
            "$TRACE" report "$OUT/intake.nettrace" topN -n 40 > "$OUT/profile-exclusive.txt" 2>&1 || true
            log "profile: $OUT/profile-inclusive.txt, $OUT/profile-exclusive.txt"
        else
            log "dotnet-trace not available; profile skipped"
        fi
    fi
    stop_apis
fi

# ---- 2b: growth: bytes per submission and the largest rows at 1k/10k/100k open complaints, then inbox pages of the
#          agency holding them all and status reads beside /health/live, on the same process and database -------------
if want growth; then
    fresh_db lapor_bench_growth
    schema_apply lapor_bench_growth
    start_api 0 lapor_bench_growth
    ONE="http://127.0.0.1:5100"
    G="${PSQL[*]} -d lapor_bench_growth -At"
    # At most 500, so the first stage (1,000 open) is still ahead and printed.
    "${BENCH[@]}" intake --urls "$ONE" --clients 16 --seconds 5 --max 500 --label warmup --results "$OUT/warmup.tsv" --codes "$OUT/growth-codes.txt" >/dev/null
    done_n="$($G -c "SELECT count(*) FROM lapor_inbox WHERE agency_id = 'nasional' AND active = 1")"
    for stage in $GROWTH_STAGES; do
        n=$((stage - done_n))
        [ "$n" -gt 0 ] || continue
        log "growth: $n more submissions to reach $stage open complaints"
        lsn0="$($G -c 'SELECT pg_current_wal_lsn()')"
        "${BENCH[@]}" intake --urls "$ONE" --clients 64 --seconds 3600 --max "$n" --label "growth-$stage" --results "$OUT/growth-intake.tsv" --codes "$OUT/growth-codes.txt"
        lsn1="$($G -c 'SELECT pg_current_wal_lsn()')"
        wal="$($G -c "SELECT pg_wal_lsn_diff('$lsn1', '$lsn0')::bigint")"
        open_n="$($G -c "SELECT count(*) FROM lapor_inbox WHERE agency_id = 'nasional' AND active = 1")"
        largest="$($G -c "SELECT max(octet_length(payload)) FROM lapor_grain_state")"
        agency="$($G -c "SELECT max(octet_length(payload)) FROM lapor_grain_state WHERE grain_type = 'agency'")"
        rss="$(awk '/VmRSS/ {print $2 * 1024}' "/proc/$API_PID/status")"
        "${BENCH[@]}" record --results "$RESULTS" --kind growth --label "open=$open_n" --clients 64 --rate "$((wal / n))" \
            --note "WAL bytes per submission over the last $n; largest grain-state row $largest B (largest agency row $agency B); API RSS $((rss / 1048576)) MiB"
        done_n="$open_n"
    done
    log "inbox pages of nasional (holding $done_n open complaints), status reads and /health/live at 16 clients"
    # Warm the inbox path first, as the SQLite section warms intake: in a process that has not served it yet, its
    # first 15-20 s under load run code that tiered compilation has not finished (on the database s18-b left, a new
    # process read p99 44.5 and 38.1 ms in its first two 8 s windows, then 18.3, 17.2 and 17.9 ms).
    "${BENCH[@]}" inbox --urls "$ONE" --clients 16 --seconds "${INBOX_WARMUP:-30}" --agency nasional --query "status=submitted" --label warmup --results "$OUT/warmup.tsv" >/dev/null
    "${BENCH[@]}" inbox --urls "$ONE" --clients 16 --seconds "$READ_SECONDS" --agency nasional --query "status=submitted" --label "open=$done_n" --results "$RESULTS"
    "${BENCH[@]}" reads --urls "$ONE" --clients 16 --seconds "$READ_SECONDS" --target status --codes "$OUT/growth-codes.txt" --label "open=$done_n" --results "$RESULTS"
    "${BENCH[@]}" reads --urls "$ONE" --clients 16 --seconds "$READ_SECONDS" --target health --label "open=$done_n" --results "$RESULTS"
    stop_apis
fi

# ---- 3: escalation timeliness on one silo ---------------------------------------------------------------------------
if want escalation && [ "$ESC_N" -gt 0 ]; then
    fresh_db lapor_bench_esc
    schema_apply lapor_bench_esc
    start_api 0 lapor_bench_esc
    log "escalation: $ESC_N complaints due ~$ESC_MINUTES min after submission"
    "${BENCH[@]}" escalation --urls "http://127.0.0.1:5100" --n "$ESC_N" --clients "$ESC_CLIENTS" --minutes "$ESC_MINUTES" \
        --agencies "$ESC_AGENCIES" --spread-minutes "$ESC_SPREAD" --load-seconds "$ESC_LOAD_SECONDS" --pids "$API_PID" --label "1-silo-$ESC_N" --results "$RESULTS"
    stop_apis
fi

# ---- 3b: notification delivery during the escalation load (issue 12) -----------------------------------------------
# One process; K agencies (and nasional) subscribed by webhook to every event at a receiver inside the bench driver
# on loopback; N complaints with a NOTIFY_MINUTES verification limit, so warnings, breaches and escalations fire.
# Lag = event recorded (occurredAt) -> first arrival; reference = a plain signed POST loop to a second receiver at 8
# clients. Dispatcher settings are the defaults (128 per claim, 32 in flight), except plain http to loopback.
if want notify && [ "$NOTIFY_N" -gt 0 ]; then
    fresh_db lapor_bench_notify
    schema_apply lapor_bench_notify
    start_api 0 lapor_bench_notify --Lapor:Notifications:AllowHttp=true --Lapor:Notifications:AllowPrivateAddresses=true
    log "notifications: $NOTIFY_N complaints over $NOTIFY_AGENCIES subscribed agencies, verification $NOTIFY_MINUTES min"
    "${BENCH[@]}" notify --urls "http://127.0.0.1:5100" --n "$NOTIFY_N" --clients "$NOTIFY_CLIENTS" --minutes "$NOTIFY_MINUTES" \
        --agencies "$NOTIFY_AGENCIES" --concurrency 8 --direct-seconds "$NOTIFY_DIRECT_SECONDS" --load-seconds "$ESC_LOAD_SECONDS" --label "1-silo-$NOTIFY_N" --results "$RESULTS"
    "${PSQL[@]}" -d lapor_bench_notify -At -F ' ' -c "SELECT 'notification rows by state', string_agg(state || ':' || n, ' ') FROM (SELECT state, count(*) n FROM lapor_notification GROUP BY state ORDER BY state) s" | tee -a "$OUT/machine.txt" >&2
    stop_apis
fi

# ---- 4: scale-out on one box: 3 co-hosted API processes (one cluster), and escalation with one killed halfway ------
if want scale && [ "$SCALE" = 1 ]; then
    fresh_db lapor_bench_3
    schema_apply lapor_bench_3
    declare -a PIDS3=()
    # three hosts x Npgsql's default pool of 100 would exceed PostgreSQL's max_connections=200
    for i in 0 1 2; do
        API_POOL="${SCALE_POOL:-60}" start_api "$i" lapor_bench_3
        PIDS3+=("$API_PID")
    done
    THREE="http://127.0.0.1:5100,http://127.0.0.1:5101,http://127.0.0.1:5102"
    if [ "${SCALE_LOAD:-1}" = 1 ]; then
    "${BENCH[@]}" intake --urls "$THREE" --clients 16 --seconds 5 --label warmup --results "$OUT/warmup.tsv" --codes "$OUT/codes3.txt" >/dev/null
    for c in 16 64; do
        log "scale-out: intake at $c clients over 3 processes"
        "${BENCH[@]}" intake --urls "$THREE" --clients "$c" --seconds "$INTAKE_SECONDS" --label 3-hosts --results "$RESULTS" --codes "$OUT/codes3.txt"
        pgbench_ref "$c" 3-hosts
    done
    "${BENCH[@]}" reads --urls "$THREE" --clients 64 --seconds "$READ_SECONDS" --target status --codes "$OUT/codes3.txt" --label 3-hosts --results "$RESULTS"
    "${BENCH[@]}" reads --urls "$THREE" --clients 64 --seconds "$READ_SECONDS" --target health --label 3-hosts --results "$RESULTS"
    fi
    if [ "$KILL_N" -gt 0 ]; then
        log "escalation over 3 processes, kill -9 of process 2 once half the deadlines passed, intake at $KILL_INTAKE_CLIENTS clients throughout"
        # Complaints keep arriving across the kill; every acknowledged one must be readable afterwards.
        "${BENCH[@]}" intake --urls "$THREE" --clients "$KILL_INTAKE_CLIENTS" --seconds $((KILL_MINUTES * 60 + 60)) \
            --label 3-silos-kill-intake --results "$RESULTS" --codes "$OUT/kill-codes.txt" --keep-codes 1000000 &
        KILL_INTAKE_PID=$!
        "${BENCH[@]}" escalation --urls "$THREE" --n "$KILL_N" --clients "$ESC_CLIENTS" --minutes "$KILL_MINUTES" \
            --agencies "$ESC_AGENCIES" --pids "$(IFS=,; echo "${PIDS3[*]}")" --kill-index 2 --label "3-silos-kill" --results "$RESULTS"
        wait "$KILL_INTAKE_PID" || true
        "${BENCH[@]}" verify --urls "$THREE" --codes "$OUT/kill-codes.txt" --label 3-silos-kill --results "$RESULTS"
    fi
    stop_apis
fi

# ---- 6: monev at national shape on the embedded default (issue 15) ---------------------------------------------------
if want monev; then
    start_api_sqlite 0 "$OUT/monev-data"
    ONE="http://127.0.0.1:5100"
    log "monev: national-shape tree through the admin API (38 provinces, 514 regencies/cities, $MONEV_MINISTRIES ministries)"
    "${BENCH[@]}" monev-tree --urls "$ONE" --ministries "$MONEV_MINISTRIES" --out "$OUT/tree.tsv"
    log "monev: a year of $MONEV_COMPLAINTS generated complaints as agency notices, over an Orleans client"
    "${BENCH[@]}" monev-load --tree "$OUT/tree.tsv" --complaints "$MONEV_COMPLAINTS" --gateway 30200 --cluster bench-sqlite-0 \
        --provider Sqlite --data "$OUT/monev-data" --results "$RESULTS"
    ls -l "$OUT/monev-data" >&2
    for c in $MONEV_CLIENTS; do
        log "monev views at $c clients, then /health/live"
        "${BENCH[@]}" monev-views --urls "$ONE" --clients "$c" --seconds "$MONEV_SECONDS" --province prov-jatim --agency kab-jatim-01 --results "$RESULTS"
        # The staff dashboard of the root (issue 10's page target), which shows the ranking of its ~190 children.
        "${BENCH[@]}" pages --urls "$ONE" --clients "$c" --seconds "$MONEV_SECONDS" --target dashboard --agency nasional --label dashboard-national --results "$RESULTS"
        "${BENCH[@]}" reads --urls "$ONE" --clients "$c" --seconds "$MONEV_SECONDS" --target health --label monev --results "$RESULTS"
    done
    # The national views again while complaints keep arriving at the root (each batch there invalidates its cached
    # reports, so these reads go to the rows), intake at 2 clients in the background.
    for c in $MONEV_CLIENTS; do
        log "national views at $c clients during intake"
        "${BENCH[@]}" intake --urls "$ONE" --clients 2 --seconds $((MONEV_SECONDS * 3 + 10)) --label monev-background --results "$OUT/background.tsv" >/dev/null &
        INTAKE_BG=$!
        sleep 3
        "${BENCH[@]}" monev-views --urls "$ONE" --clients "$c" --seconds "$MONEV_SECONDS" --only national-month,national-12-months,national-year \
            --suffix "+intake" --results "$RESULTS"
        wait "$INTAKE_BG" || true
    done
    cat "$OUT/background.tsv" >&2
    stop_apis
fi

# ---- 8: staff inbox reads while anonymous clients flood the submission endpoint (issue 11) ----------------------------
#          The API with its default abuse limits on (one client address: the flood is refused with 429 after the
#          burst). The same staff page is read quiet and during the flood, /health/live quiet as the reference.
if want flood; then
    fresh_db lapor_bench_flood
    schema_apply lapor_bench_flood
    start_api 0 lapor_bench_flood --Lapor:RateLimits:Enabled=true
    ONE="http://127.0.0.1:5100"
    log "flood: 250 complaints into the verification queue (inside the burst), then warm-up"
    "${BENCH[@]}" intake --urls "$ONE" --clients 4 --seconds 60 --max 250 --label seed --results "$OUT/warmup.tsv" >/dev/null
    "${BENCH[@]}" inbox --urls "$ONE" --clients 4 --seconds 5 --agency nasional --query "status=submitted" --label warmup --results "$OUT/warmup.tsv" >/dev/null
    log "flood: staff inbox pages at ${FLOOD_STAFF:-4} clients, quiet"
    "${BENCH[@]}" inbox --urls "$ONE" --clients "${FLOOD_STAFF:-4}" --seconds "$READ_SECONDS" --agency nasional --query "status=submitted" --label flood-quiet --results "$RESULTS"
    "${BENCH[@]}" reads --urls "$ONE" --clients "${FLOOD_STAFF:-4}" --seconds "$READ_SECONDS" --target health --label flood-quiet --results "$RESULTS"
    log "flood: ${FLOOD_CLIENTS:-32} anonymous clients posting submissions, staff pages read meanwhile"
    "${BENCH[@]}" intake --urls "$ONE" --clients "${FLOOD_CLIENTS:-32}" --seconds "$((READ_SECONDS + 6))" --label flood-attack --results "$RESULTS" &
    FLOOD_BG=$!
    sleep 3
    "${BENCH[@]}" inbox --urls "$ONE" --clients "${FLOOD_STAFF:-4}" --seconds "$READ_SECONDS" --agency nasional --query "status=submitted" --label flood-during --results "$RESULTS"
    wait "$FLOOD_BG" || true
    stop_apis
fi

# ---- 9: staff pages (issue 10): inbox and dashboard rendered with the staff cookie, beside /health/live -------------
if want pages; then
    start_api_sqlite 0 "$OUT/pages-data"
    ONE="http://127.0.0.1:5100"
    # Reports waiting for verification fill the national queue the inbox page shows (50 rows a page).
    "${BENCH[@]}" intake --urls "$ONE" --clients 4 --seconds "$PAGES_SEED_SECONDS" --label pages-seed --results "$OUT/pages-seed.tsv" >/dev/null
    for c in $PAGES_CLIENTS; do
        log "pages at $c clients: inbox, dashboard, then /health/live"
        "${BENCH[@]}" pages --urls "$ONE" --clients "$c" --seconds "$PAGES_SECONDS" --target inbox --agency nasional --label inbox --results "$RESULTS"
        "${BENCH[@]}" pages --urls "$ONE" --clients "$c" --seconds "$PAGES_SECONDS" --target dashboard --agency nasional --label dashboard --results "$RESULTS"
        "${BENCH[@]}" reads --urls "$ONE" --clients "$c" --seconds "$PAGES_SECONDS" --target health --label pages --results "$RESULTS"
    done
    stop_apis
fi

# ---- 7: intake on SQLite beside SQLite's own insert loop (issue 15) ---------------------------------------------------
if want sqlite; then
    start_api_sqlite 0 "$OUT/sqlite-data"
    ONE="http://127.0.0.1:5100"
    # Warm until tiered compilation has settled (with 5 s, a third of the first measurement's CPU was the JIT).
    "${BENCH[@]}" intake --urls "$ONE" --clients 4 --seconds "${SQLITE_WARMUP:-30}" --label warmup --results "$OUT/warmup.tsv" >/dev/null
    for c in $SQLITE_CLIENTS; do
        log "SQLite intake at $c clients, then SQLite's own insert loop at $c clients (same disk, WAL, synchronous=$SQLITE_SYNC)"
        "${BENCH[@]}" intake --urls "$ONE" --clients "$c" --seconds "$INTAKE_SECONDS" --label sqlite-httpclient --results "$RESULTS"
        intake_wrk "$ONE" "$c" sqlite
        "${BENCH[@]}" sqlite-insert --db "$OUT/sqlite-data/reference.db" --clients "$c" --seconds "$INTAKE_SECONDS" \
            --synchronous "$SQLITE_SYNC" --label sqlite --results "$RESULTS"
        # For context: the same loop without any sync (the engine's connections commit with NORMAL and sync the log
        # themselves before answering, so FULL above is the reference with the same durability).
        "${BENCH[@]}" sqlite-insert --db "$OUT/sqlite-data/reference-normal.db" --clients "$c" --seconds "$INTAKE_SECONDS" \
            --synchronous NORMAL --label sqlite-normal --results "$RESULTS"
    done
    stop_apis
fi

echo
echo "## Lapor.Orleans benchmark summary ($STAMP)"
cat "$OUT/machine.txt"
echo
"${BENCH[@]}" summary --results "$RESULTS" | tee "$OUT/summary.md"
echo
echo "raw results: $OUT"
