#!/usr/bin/env bash
# ./orchestra bench auth [--peer parse] — register and login through the gateway, beside the raw
# Argon2id rate; with --peer parse, beside Parse Server's sign-up and login right after, same settings.
#
# Login is bound by password hashing: its throughput is compared with the rate at which this
# machine computes Argon2id hashes of the service's own parameters (read from a stored hash; same
# library, same run). The gateway in front is the stack's own template on its own port with the
# per-IP auth limit raised. The service's peak RSS is measured over the load only (VmHWM reset first).
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

DURATION="${BENCH_DURATION:-15s}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
THREADS=2
USERS=64
bench_peer_args "$@"

bench_require wrk
bench_say "stack up, benchmark gateway on $BENCH_URL"
bench_stack_up
PID="$(bench_service_pid auth-service)"

# wrk's summary: requests/s, p50 and p99 latency, non-2xx answers (run_wrk SCRIPT [URL]).
run_wrk() {
  local script="$1" url="${2:-$BENCH_URL}"
  local out="$BENCH_DIR/wrk-${BENCH_PEER:-ours}-$(basename "$script" .lua).txt"
  bench_cpu_mark "$BENCH_DIR/cpu-mark"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$script" "$url" >"$out"
  # Where the CPU went: counted until the work the run left downstream (events, mails) is done too.
  bench_wait_quiet
  bench_cpu_report "$BENCH_DIR/cpu-mark" "$(awk '/requests in/ {print $1}' "$out")" >"$BENCH_DIR/cpu-${BENCH_PEER:-ours}-$(basename "$script" .lua).txt"
  local rps p50 p99 errors
  rps="$(awk '/^Requests\/sec:/ {print $2}' "$out")"
  p50="$(awk '$1 == "50%" {print $2}' "$out")"
  p99="$(awk '$1 == "99%" {print $2}' "$out")"
  errors="$(awk '/Non-2xx or 3xx responses:/ {print $5}' "$out")"
  echo "$rps ${p50:-?} ${p99:-?} ${errors:-0}"
}

bench_say "$USERS accounts for the login run"
PREFIX="bench-login-$(date +%s)"
for n in $(seq 0 $((USERS - 1))); do
  curl -fsS -o /dev/null -H 'Content-Type: application/json' \
    -d "{\"email\":\"$PREFIX-$n@bench.example.com\",\"name\":\"Bench\",\"password\":\"bench password 123\"}" "$BENCH_URL/auth/register"
done

# The parameters the service hashes with, from one of the hashes it just stored.
PHC="$(PGPASSWORD=auth-local-only psql -h 127.0.0.1 -p "${ORCHESTRA_DB_PORT:-5432}" -U auth -d orchestra -tAc \
  "select password_hash from users where email_normalized = '$PREFIX-0@bench.example.com'")"
read -r MEMORY_KIB ITERATIONS PARALLELISM < <(sed -n 's/^\$argon2id\$v=[0-9]*\$m=\([0-9]*\),t=\([0-9]*\),p=\([0-9]*\)\$.*/\1 \2 \3/p' <<<"$PHC")
[[ -n "${MEMORY_KIB:-}" ]] || { echo "error: could not read the service's Argon2id parameters" >&2; exit 1; }

# The registrations' work downstream (events, welcome mails) is done before anything is timed.
bench_wait_quiet
bench_say "raw Argon2id rate (m=$MEMORY_KIB KiB, t=$ITERATIONS, p=$PARALLELISM, as stored), 1 and 2 threads, 10 s each"
LIB="$ROOT/auth-service/target/quarkus-app/lib/main"
CP="$(ls "$LIB"/de.mkammerer.argon2-jvm*.jar "$LIB"/net.java.dev.jna.jna-*.jar | tr '\n' ':')"
RATES="$("$JAVA_BIN" -cp "$CP" "$ROOT/deploy/bench/auth/Argon2Rate.java" "$MEMORY_KIB" "$ITERATIONS" "$PARALLELISM" 2 10)"
RAW1="$(awk '$1 == 1 {print $2}' <<<"$RATES")"
RAW2="$(awk '$1 == 2 {print $2}' <<<"$RATES")"
# The machine's rate: the better of 1 and 2 threads (Argon2id is memory-bound; 2 threads may not beat 1).
RAW="$(awk -v a="$RAW1" -v b="$RAW2" 'BEGIN { print (a > b ? a : b) }')"

# Peak RSS over the load only: VmHWM starts again from the current RSS.
echo 5 >"/proc/$PID/clear_refs" 2>/dev/null || true
# Login first, after 5 s of warm-up (JIT): registrations leave work behind in the other services
# (welcome mails, user events) that would compete with it.
bench_wait_quiet
bench_say "login: 5 s warm-up, then wrk -t$THREADS -c$CONNECTIONS -d$DURATION over the $USERS accounts"
BENCH_USERS=$USERS BENCH_PREFIX=$PREFIX wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -s "$ROOT/deploy/bench/auth/login.lua" "$BENCH_URL" >/dev/null
read -r LOGIN_RPS LOGIN_P50 LOGIN_P99 LOGIN_ERR < <(BENCH_USERS=$USERS BENCH_PREFIX=$PREFIX run_wrk "$ROOT/deploy/bench/auth/login.lua")
bench_say "register: wrk -t$THREADS -c$CONNECTIONS -d$DURATION (a new account per request)"
read -r REG_RPS REG_P50 REG_P99 REG_ERR < <(run_wrk "$ROOT/deploy/bench/auth/register.lua")
RSS="$(bench_peak_rss_mib "$PID")"

if [[ "$PEER" == parse ]]; then
  parse_up
  PARSE_PREFIX="bench-login-parse-$(date +%s)"
  bench_say "Parse: $USERS users for the login run"
  for n in $(seq 0 $((USERS - 1))); do parse_sign_up "$PARSE_PREFIX-$n@bench.example.com" >/dev/null; done
  bench_say "Parse login: 5 s warm-up, then wrk -t$THREADS -c$CONNECTIONS -d$DURATION on $PARSE_URL"
  export BENCH_PEER=parse
  BENCH_USERS=$USERS BENCH_PREFIX=$PARSE_PREFIX wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -s "$ROOT/deploy/bench/auth/login.lua" \
    "http://127.0.0.1:$PARSE_PORT" >/dev/null
  read -r PARSE_LOGIN_RPS PARSE_LOGIN_P50 PARSE_LOGIN_P99 PARSE_LOGIN_ERR < <(BENCH_USERS=$USERS BENCH_PREFIX=$PARSE_PREFIX \
    run_wrk "$ROOT/deploy/bench/auth/login.lua" "http://127.0.0.1:$PARSE_PORT")
  bench_say "Parse sign-up: wrk -t$THREADS -c$CONNECTIONS -d$DURATION (a new user per request)"
  read -r PARSE_REG_RPS PARSE_REG_P50 PARSE_REG_P99 PARSE_REG_ERR < <(run_wrk "$ROOT/deploy/bench/auth/register.lua" "http://127.0.0.1:$PARSE_PORT")
  PARSE_RSS="$(bench_peak_rss_mib "$PARSE_PID")"
  PARSE_HASH="$(PGPASSWORD=parse-bench-local-only psql -h 127.0.0.1 -p "${ORCHESTRA_DB_PORT:-5432}" -U parse_bench -d parse_bench -tAc \
    'select substr("_hashed_password", 1, 7) from "_User" limit 1')"
  parse_down
fi

printf '\n%-34s %12s %10s %10s %8s\n' "" "req/s" "p50" "p99" "errors"
printf '%-34s %12s %10s %10s %8s\n' "register (through the gateway)" "$REG_RPS" "$REG_P50" "$REG_P99" "$REG_ERR"
printf '%-34s %12s %10s %10s %8s\n' "login (through the gateway)" "$LOGIN_RPS" "$LOGIN_P50" "$LOGIN_P99" "$LOGIN_ERR"
printf '%-34s %12s\n' "raw Argon2id, 1 thread (hash/s)" "$RAW1"
printf '%-34s %12s\n' "raw Argon2id, 2 threads (hash/s)" "$RAW2"
awk -v l="$LOGIN_RPS" -v r="$RAW" -v g="$REG_RPS" 'BEGIN {
  printf "%-34s %11.1f%%   (target: at least 80%%)\n", "login / raw hash rate", 100 * l / r
  printf "%-34s %11.1f%%\n", "register / raw hash rate", 100 * g / r }'
for run in login register; do printf '%-10s %s\n' "$run:" "$(cat "$BENCH_DIR/cpu-ours-$run.txt")"; done
printf '%-34s %9s MiB   (pid %s, VmHWM over the load)\n' "auth-service peak RSS" "$RSS" "$PID"
if [[ "$PEER" == parse ]]; then
  printf '%-34s %12s %10s %10s %8s\n' "Parse sign-up (direct, no gateway)" "$PARSE_REG_RPS" "$PARSE_REG_P50" "$PARSE_REG_P99" "$PARSE_REG_ERR"
  printf '%-34s %12s %10s %10s %8s\n' "Parse login (direct, no gateway)" "$PARSE_LOGIN_RPS" "$PARSE_LOGIN_P50" "$PARSE_LOGIN_P99" "$PARSE_LOGIN_ERR"
  awk -v g="$REG_RPS" -v pg="$PARSE_REG_RPS" -v l="$LOGIN_RPS" -v pl="$PARSE_LOGIN_RPS" 'BEGIN {
    printf "%-34s %11.2f×   (target: at least 1×)\n", "register / Parse sign-up", g / pg
    printf "%-34s %11.2f×\n", "login / Parse login", l / pl }'
  printf '%-34s %9s MiB   (pid %s; its hashes: %s…, bcrypt)\n' "Parse Server peak RSS" "$PARSE_RSS" "$PARSE_PID" "$PARSE_HASH"
else
  echo "Parse Server: not run this time (./orchestra bench auth --peer parse runs it beside)"
fi
