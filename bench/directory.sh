#!/usr/bin/env bash
# The agency directory at national shape: a copy of a monev section's data folder (703 agencies, a year of 100,000
# complaints, written before schema 10) is opened by this build, which lists its agencies at start; then, beside
# /health/live, the directory's search, the report form, the public monev page and the public feed are read with wrk,
# and Admin Nasional's console inbox
# (/konsol, signed in) with the bench driver's `pages`, at 1 and 16 clients, 10 s each.
#
#   bash bench/directory.sh bench/results/<run>/monev-data
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SOURCE="$1"; PORT=5182
WORK="$(mktemp -d /tmp/lapor-directory.XXXXXX)"
source "$ROOT/bench/api.sh"
trap 'stop_api; rm -rf "$WORK"' EXIT
cp -r "$SOURCE" "$WORK/data"
cd "$ROOT"
dotnet build -c Release -nologo -v q Api/Lapor.Orleans.Api.csproj >/dev/null
dotnet build -c Release -nologo -v q bench/Lapor.Orleans.Bench/Lapor.Orleans.Bench.csproj >/dev/null
START=$(date +%s.%N)
start_api "$ROOT/Api/bin/Release/net10.0/Lapor.Orleans.Api.dll" "$PORT" directory \
    --Lapor:Storage:Provider=Sqlite --Lapor:Storage:DataFolder="$WORK/data"
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), git $(git rev-parse --short HEAD), load $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v s="$START" -v e="$(date +%s.%N)" 'BEGIN { printf "start to ready, schema 9 -> 11 with the agency listing: %.1f s\n", e - s }'
echo "agencies listed: $(sqlite3 "$WORK/data/lapor.db" 'SELECT count(*) FROM lapor_agencies' 2>/dev/null || echo '?')"
echo "search 'kabupaten': $(curl -s "$B/api/agencies?q=kabupaten&take=100" | jq '.items | length') on the first page"
echo "report form: $(curl -s "$B/lapor" | wc -c) bytes; public monev: $(curl -s "$B/monev" | wc -c) bytes; public feed: $(curl -s "$B/publik" | wc -c) bytes"

for route in "/health/live" "/api/agencies?q=dinas+kabupaten" "/api/agencies?parentId=nasional&take=100" "/lapor" "/monev" "/publik"; do
    wrk_rows "$route"
done
for clients in 1 16; do
    dotnet "$ROOT/bench/Lapor.Orleans.Bench/bin/Release/net10.0/Lapor.Orleans.Bench.dll" pages --urls "$B" --clients "$clients" \
        --seconds 10 --target inbox --agency nasional --label inbox-national --results "$WORK/pages.tsv" >/dev/null
done
awk -F'\t' '{ printf "%-44s %2d clients  %9.0f/s  p50 %6.2fms  p99 %6.2fms\n", "/konsol?instansi=nasional (" $2 ")", $3, $7, $8, $9 }' "$WORK/pages.tsv"
