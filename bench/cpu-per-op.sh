#!/usr/bin/env bash
# CPU per operation of a running API process, of the load generator and of every PostgreSQL process, from
# /proc/<pid>/stat (user + system ticks) around a closed loop at 16 clients. The API must already be running
# (as bench/run.sh starts it) and warmed up.
#
#   bench/cpu-per-op.sh API_PID SECONDS intake|status|health URL [CODES_FILE]
#
# status reads need a codes file written by an earlier intake (lines "code secret").
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
API="$1" SECONDS_RUN="$2" TARGET="$3" URL="$4" CODES="${5:-}"
BENCH=(dotnet "$ROOT/bench/Lapor.Orleans.Bench/bin/Release/net10.0/Lapor.Orleans.Bench.dll")
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
pg_ticks() {
    local sum=0 p
    for p in $(pgrep -u postgres postgres || true); do
        sum=$((sum + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)))
    done
    echo "$sum"
}
if [ "$TARGET" = intake ]; then
    "${BENCH[@]}" intake --urls "$URL" --clients 16 --seconds "$SECONDS_RUN" --label cpu --results "$OUT/r.tsv" --codes "$OUT/codes.txt" >/dev/null &
else
    "${BENCH[@]}" reads --urls "$URL" --clients 16 --seconds "$SECONDS_RUN" --target "$TARGET" ${CODES:+--codes "$CODES"} --label cpu --results "$OUT/r.tsv" >/dev/null &
fi
LOAD=$!
END_AT=$((SECONDS + SECONDS_RUN - 1)) # the window closes a second before the loop does
# The load generator's own process (a slow machine may take a few seconds to start it).
GEN=""
for _ in $(seq 50); do
    sleep 0.2
    GEN="$(pgrep -f "Lapor.Orleans.Bench.dll (intake|reads)" | head -n 1)"
    [ -n "$GEN" ] && break
done
[ -n "$GEN" ] || { echo "cpu-per-op: the load generator did not start" >&2; exit 1; }
sleep 1
a0=$(ticks "$API") g0=$(ticks "$GEN") p0=$(pg_ticks) t0=$(date +%s.%N)
sleep $((END_AT - SECONDS))
a1=$(ticks "$API") g1=$(ticks "$GEN") p1=$(pg_ticks) t1=$(date +%s.%N)
wait "$LOAD"
rate="$(tail -n 1 "$OUT/r.tsv" | cut -f7)"
hz="$(getconf CLK_TCK)"
python3 - "$rate" "$t0" "$t1" "$hz" "$a0" "$a1" "$g0" "$g1" "$p0" "$p1" "$TARGET" <<'PY'
import sys
rate, t0, t1, hz = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
a0, a1, g0, g1, p0, p1 = map(float, sys.argv[5:11])
n = rate * (t1 - t0)
us = lambda d: d / hz * 1e6 / n
print(f"{sys.argv[11]}: {rate:.0f}/s  api {us(a1 - a0):.0f} us  load generator {us(g1 - g0):.0f} us  "
      f"postgresql {us(p1 - p0):.0f} us  total {us(a1 - a0 + g1 - g0 + p1 - p0):.0f} us per operation")
PY
