#!/usr/bin/env bash
# ./orchestra bench search — indexing and code search end to end, beside the engine called directly.
#
# 2,500 generated source files (5 projects × 500 files: the free plan's limits, one account) created over
# REST through the benchmark gateway, each a few dozen lines of code-like text holding a word no other file
# has. Reported: the time from the first create until all of them are searchable (the last file of each
# project found by its word and engine-gateway's GET /api/v1/engine/status showing nothing pending; then
# every word searched once to prove it); the backlog's drain rate (the files engine-gateway's counter
# of acknowledged index jobs gained after the last create, over the time from the last create to the last
# acknowledgement, status' last_indexed_at), with the indexing rates while creating and overall, beside
# the development engine's own IndexFile rate (the same files sent to it over gRPC, as many calls in
# flight as engine-gateway's worker makes, into projects of the benchmark's own, dropped afterwards); then
# search latency at 32 concurrent clients through the gateway (wrk) beside the engine's own Search latency
# (gRPC, same queries, same concurrency, one channel like engine-gateway's), both on the same index.
#
# The benchmark's accounts are erased at the end (DELETE /api/v1/users/me, which drops their projects
# from the engine too) unless BENCH_KEEP=1.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

ACCOUNTS="${BENCH_ACCOUNTS:-1}"
PROJECTS="${BENCH_PROJECTS:-5}"
FILES_PER_PROJECT="${BENCH_FILES_PER_PROJECT:-500}"
CREATE_CLIENTS="${BENCH_CREATE_CLIENTS:-16}"
SEARCHABLE_TIMEOUT="${BENCH_SEARCHABLE_TIMEOUT:-600}"
DURATION="${BENCH_DURATION:-15s}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
THREADS=2
WARMUP=5
# engine-gateway's orchestra.engine.jobs.max-in-flight (its default; ./orchestra sets no other).
IN_FLIGHT="${BENCH_ENGINE_IN_FLIGHT:-4}"
# The engine engine-gateway talks to (./orchestra's default: the development engine).
ENGINE="${ORCHESTRA_ENGINE_ADDRESS:-127.0.0.1:9190}"
# engine-gateway's operator port: its counter of acknowledged index jobs splits creates from drain.
METRICS="http://127.0.0.1:8086/q/metrics"
PASSWORD="bench password 123"
WORK="$BENCH_DIR/search"
LIB="$BENCH_DIR/search-lib"
STARTED=$SECONDS

bench_require wrk
bench_say "stack up, benchmark gateway on $BENCH_URL"
bench_stack_up

# The gRPC client's classpath: the development engine's own jars (grpc-java, protobuf, the orchestra-proto
# stubs, gson), copied so that a rebuild of the module during the run cannot pull them away.
ENGINE_LIB="$ROOT/deploy/engine-dev/target/lib"
compgen -G "$ENGINE_LIB/orchestra-proto-*.jar" >/dev/null \
  || { echo "error: $ENGINE_LIB has no orchestra-proto jar (./orchestra up builds deploy/engine-dev)" >&2; exit 1; }
rm -rf "$LIB" && mkdir -p "$LIB" && cp "$ENGINE_LIB"/*.jar "$LIB/"
bench_java() { "$JAVA_BIN" -Xmx512m -cp "$LIB/*" "$ROOT/deploy/bench/search/SearchBench.java" "$@"; }

# What a run leaves behind: the engine projects of its own (dropped) and its accounts (erased).
search_cleanup() {
  if [[ -f "$WORK/engine-projects.txt" ]]; then
    bench_java engine-drop "$ENGINE" "$WORK/engine-projects.txt" \
      || echo "warning: could not drop the engine projects listed in $WORK/engine-projects.txt" >&2
  fi
  if [[ "${BENCH_KEEP:-0}" != 1 ]]; then
    bench_erase_accounts "$WORK/accounts.txt" "$PASSWORD"
  fi
}
on_exit() { search_cleanup || true; bench_gateway_down; }
search_cleanup
trap on_exit EXIT
rm -rf "$WORK" && mkdir -p "$WORK"

bench_java load "$BENCH_URL" "$METRICS" "$WORK" "$ACCOUNTS" "$PROJECTS" "$FILES_PER_PROJECT" "$CREATE_CLIENTS" "$SEARCHABLE_TIMEOUT"
bench_java engine-index "$ENGINE" "$WORK" "$WORK/engine-projects.txt" "$IN_FLIGHT"

# The gateway's search runs with fresh access tokens (the load may have taken a while): one per account,
# each project searched by its owner (project p belongs to account p mod ACCOUNTS, as the load made them).
TOKENS=()
while read -r email; do
  TOKENS+=("$(curl -fsS -H 'Content-Type: application/json' -d "{\"email\":\"$email\",\"password\":\"$PASSWORD\"}" \
    "$BENCH_URL/auth/login" | sed 's/.*"access_token":"\([^"]*\)".*/\1/')")
done <"$WORK/accounts.txt"
POOL="$WORK/wrk-pool.txt"
while IFS=$'\t' read -r p project _ encoded; do
  echo "${TOKENS[$((p % ${#TOKENS[@]}))]} $project $encoded"
done <"$WORK/queries.tsv" >"$POOL"

bench_say "search through the gateway: ${WARMUP} s warm-up, then wrk -t$THREADS -c$CONNECTIONS -d$DURATION ($(wc -l <"$POOL") queries in turn)"
BENCH_POOL="$POOL" BENCH_THREADS="$THREADS" \
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s "$ROOT/deploy/bench/search/search.lua" "$BENCH_URL" >/dev/null
BENCH_POOL="$POOL" BENCH_THREADS="$THREADS" \
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -s "$ROOT/deploy/bench/search/search.lua" "$BENCH_URL" >"$WORK/wrk-search.txt"
grep -q '^BENCH ' "$WORK/wrk-search.txt" || { echo "error: wrk gave no summary (see $WORK/wrk-search.txt)" >&2; exit 1; }
read -r _ GW_REQUESTS GW_DURATION_US GW_P50_US GW_P99_US GW_NON2XX GW_SOCKET < <(grep '^BENCH ' "$WORK/wrk-search.txt")

bench_java engine-search "$ENGINE" "$WORK" "$WORK/engine-projects.txt" "$CONNECTIONS" "$WARMUP" "${DURATION%s}"
bench_java engine-drop "$ENGINE" "$WORK/engine-projects.txt"

# shellcheck disable=SC1091
source "$WORK/results.sh"
GW_RPS="$(awk -v n="$GW_REQUESTS" -v d="$GW_DURATION_US" 'BEGIN { printf "%.1f", n / (d / 1e6) }')"
GW_P50="$(awk -v v="$GW_P50_US" 'BEGIN { printf "%.2f", v / 1000 }')"
GW_P99="$(awk -v v="$GW_P99_US" 'BEGIN { printf "%.2f", v / 1000 }')"
GW_ERRORS=$((GW_NON2XX + GW_SOCKET))

printf '\n./orchestra bench search — %s, %s cores\n' "$(date -u '+%F %H:%M UTC')" "$(nproc)"
printf '%s files: %s projects × %s in %s account(s), %s lines and %s KiB a file on average, created over REST by %s clients at once\n\n' \
  "$FILES" "$PROJECTS" "$FILES_PER_PROJECT" "$ACCOUNTS" "$AVG_LINES" "$AVG_KIB" "$CREATE_CLIENTS"
row() { printf '%-34s %-18s %s\n' "$@"; }
row "INDEXING" "" "beside"
row "files created (REST, 201)" "$FILES in ${CREATE_SECONDS} s" "$CREATE_RATE files/s"
if [[ "$LATE_FILES" == 0 ]]; then found="every one of the $FILES unique words found"
else found="the last $LATE_FILES of the $FILES unique words found only on a second look (counted)"; fi
row "first create to all searchable" "${SEARCHABLE_SECONDS} s" "${AFTER_LAST_CREATE_SECONDS} s after the last create; $found"
row "backlog (pending files)" "peak $BACKLOG_PEAK" "$BACKLOG_AT_LAST_CREATE when the last create was answered"
row "backlog drain rate" "${DRAIN_RATE} files/s" "$(awk -v a="$DRAIN_RATE" -v b="$ENGINE_INDEX_RATE" -v n="$DRAINED_FILES" -v w="$DRAIN_SECONDS" \
  'BEGIN { printf "%d files indexed in the %.1f s after the last create: %.0f%% of the engine'"'"'s own rate", n, w, 100 * a / b }')"
row "engine IndexFile direct (gRPC)" "${ENGINE_INDEX_RATE} files/s" \
  "the same $FILES files, $ENGINE_INDEX_IN_FLIGHT in flight (engine-gateway's max): ${ENGINE_INDEX_SECONDS} s, p50 ${ENGINE_INDEX_P50} ms, p99 ${ENGINE_INDEX_P99} ms"
row "indexing while creating" "${INDEX_RATE_DURING_CREATES} files/s" "$INDEXED_DURING_CREATES files indexed during the ${CREATE_SECONDS} s of creates"
row "indexing overall" "${OVERALL_INDEX_RATE} files/s" "$FILES files between the first and the last acknowledgement, ${ACK_WINDOW_SECONDS} s apart"
if [[ "$COUNTER_SOURCE" == metrics ]]; then
  [[ "$COUNTER_DELTA" == "$FILES" ]] || echo "note: engine-gateway's index counter moved by $COUNTER_DELTA, not $FILES: other work on the stack during the run"
else
  echo "note: engine-gateway's metrics ($METRICS) could not be read: the drain counts the backlog at the last create"
fi
printf '\n%-34s %10s %9s %9s %7s\n' "SEARCH ($CONNECTIONS clients, $DURATION)" "req/s" "p50 ms" "p99 ms" "errors"
printf '%-34s %10s %9s %9s %7s\n' "through the gateway (wrk)" "$GW_RPS" "$GW_P50" "$GW_P99" "$GW_ERRORS"
printf '%-34s %10s %9s %9s %7s\n' "engine Search direct (gRPC)" "$ENGINE_SEARCH_RPS" "$ENGINE_SEARCH_P50" "$ENGINE_SEARCH_P99" "$ENGINE_SEARCH_ERRORS"
awk -v a="$GW_RPS" -v b="$ENGINE_SEARCH_RPS" -v p="$GW_P50" -v q="$ENGINE_SEARCH_P50" -v r="$GW_P99" -v t="$ENGINE_SEARCH_P99" \
  -v h="$ENGINE_SEARCH_HITS" 'BEGIN {
  printf "gateway beside engine: %.0f%% of its req/s, p50 %+.2f ms, p99 %+.2f ms\n", 100 * a / b, p - q, r - t
  printf "queries: half a file'"'"'s unique word, half common words and phrases (%.1f hits an answer on average, limit 20)\n", h }'
printf 'took %d s; details in %s\n' "$((SECONDS - STARTED))" "$WORK"

STATUS=0
[[ "$GW_ERRORS" == 0 && "$ENGINE_SEARCH_ERRORS" == 0 ]] || { echo "error: searches failed (gateway $GW_ERRORS, engine $ENGINE_SEARCH_ERRORS)" >&2; STATUS=1; }
[[ "$GW_REQUESTS" -gt 0 ]] || { echo "error: wrk made no request" >&2; STATUS=1; }
exit "$STATUS"
