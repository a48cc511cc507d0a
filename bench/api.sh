# Sourced by the bench scripts that read one API process with wrk (directory.sh, search.sh).
#
#   start_api DLL PORT CLUSTER_ID STORAGE_ARG...   a Production API on 127.0.0.1:PORT (silo PORT+6100, gateway
#                                                  PORT+25100) with demo data and rate limits off; waits until ready,
#                                                  sets API_PID and B, logs to $WORK/api.log; stopped by stop_api
#   wrk_rows ROUTE                                 ROUTE read 10 s at 1 and at 16 clients: one line each
# Both expect WORK (a scratch folder the caller removes).

start_api() {
    local dll="$1" port="$2" cluster="$3"
    shift 3
    ASPNETCORE_ENVIRONMENT=Production dotnet "$dll" --urls "http://127.0.0.1:$port" "$@" \
        --Lapor:Security:ServerKey="$(head -c 32 /dev/urandom | base64 -w0)" --Lapor:Auth:SigningKey="$(head -c 32 /dev/urandom | base64 -w0)" \
        --Lapor:Auth:DevTokens=true --Lapor:RateLimits:Enabled=false --Lapor:Http:EnforceHttps=false --Lapor:Cluster:DemoData=true \
        --Lapor:Cluster:SiloPort=$((port + 6100)) --Lapor:Cluster:GatewayPort=$((port + 25100)) --Lapor:Cluster:ClusterId="$cluster" \
        > "$WORK/api.log" 2>&1 &
    API_PID=$!
    B="http://127.0.0.1:$port"
    until curl -fsS -o /dev/null "$B/health/ready" 2>/dev/null; do sleep 0.2; done
}

stop_api() {
    if [[ -n "${API_PID:-}" ]]; then
        kill "$API_PID" 2>/dev/null || true
        wait "$API_PID" 2>/dev/null || true
    fi
}

wrk_rows() {
    local route="$1" clients
    for clients in 1 16; do
        wrk -t"$((clients < 2 ? 1 : 2))" -c"$clients" -d10s --latency "$B$route" > "$WORK/wrk.txt"
        awk -v r="$route" -v c="$clients" '/Requests\/sec/ { rate = $2 } / 50%/ { p50 = $2 } / 99%/ { p99 = $2 }
            END { printf "%-44s %2d clients  %9.0f/s  p50 %8s  p99 %8s\n", r, c, rate, p50, p99 }' "$WORK/wrk.txt"
    done
}
