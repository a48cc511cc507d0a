#!/usr/bin/env bash
# The agency directory's search with every regency's units: a national-shape tree (38 provinces, 514 regencies and
# cities, 150 ministries) with UNITS units below each regency (40: 21,254 agencies), defined through the admin API on a
# fresh database; then, beside /health/live, searches from rare words to common ones with wrk at 1 and 16 clients,
# 10 s each. API_DLL runs another build (a worktree's Release build) against the same bench driver.
#
#   bash bench/search.sh sqlite|postgres [UNITS=40] [API_DLL]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
MODE="${1:-sqlite}" UNITS="${2:-40}" PORT=5183
WORK="$(mktemp -d /tmp/lapor-search.XXXXXX)"
source "$ROOT/bench/api.sh"
trap 'stop_api; rm -rf "$WORK"' EXIT
cd "$ROOT"
dotnet build -c Release -nologo -v q Api/Lapor.Orleans.Api.csproj >/dev/null
dotnet build -c Release -nologo -v q bench/Lapor.Orleans.Bench/Lapor.Orleans.Bench.csproj >/dev/null
API_DLL="${3:-$ROOT/Api/bin/Release/net10.0/Lapor.Orleans.Api.dll}"
if [[ "$MODE" == postgres ]]; then
    SERVER="$(bash "$ROOT/.ci/postgres.sh" | tail -1)"
    PGPASSWORD=lapor-test psql -X -q -h 127.0.0.1 -p 55432 -U postgres -d postgres -c "DROP DATABASE IF EXISTS lapor_search WITH (FORCE)" \
        -c "CREATE DATABASE lapor_search"
    STORAGE=(--Lapor:Storage:Provider=Postgres "--Lapor:Storage:ConnectionString=$SERVER;Database=lapor_search")
    dotnet "$API_DLL" schema apply "${STORAGE[@]}" >/dev/null
else
    STORAGE=(--Lapor:Storage:Provider=Sqlite "--Lapor:Storage:DataFolder=$WORK/data")
fi
start_api "$API_DLL" "$PORT" search "${STORAGE[@]}"
dotnet "$ROOT/bench/Lapor.Orleans.Bench/bin/Release/net10.0/Lapor.Orleans.Bench.dll" monev-tree --urls "$B" --units "$UNITS" --out "$WORK/tree.tsv"
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $MODE, $API_DLL (git $(git rev-parse --short HEAD)), load $(cut -d' ' -f1-3 /proc/loadavg)"
for route in "/health/live" "/api/agencies?q=xyzzy" "/api/agencies?q=kab-papua-03" "/api/agencies?q=kesehatan+kab-jatim-07" \
    "/api/agencies?q=kecamatan+kota" "/api/agencies?q=pemerintah+provinsi" "/api/agencies?q=dinas"; do
    printf '%-44s %s\n' "$route" "$(curl -s "$B$route" | jq -r '"\(.items | length) on the first page" + (if .nextCursor then ", more" else "" end)' 2>/dev/null || echo)"
    wrk_rows "$route"
done
