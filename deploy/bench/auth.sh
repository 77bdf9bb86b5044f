#!/usr/bin/env bash
# ./orchestra bench auth — register and login through the gateway, beside the raw Argon2id rate.
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

bench_require wrk
bench_say "stack up, benchmark gateway on $BENCH_URL"
bench_stack_up
PID="$(bench_service_pid auth-service)"

# wrk's summary: requests/s, p50 and p99 latency, non-2xx answers.
run_wrk() {
  local script="$1"
  local out="$BENCH_DIR/wrk-$(basename "$script" .lua).txt"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$script" "$BENCH_URL" >"$out"
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
bench_say "login: 5 s warm-up, then wrk -t$THREADS -c$CONNECTIONS -d$DURATION over the $USERS accounts"
BENCH_USERS=$USERS BENCH_PREFIX=$PREFIX wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -s "$ROOT/deploy/bench/auth/login.lua" "$BENCH_URL" >/dev/null
read -r LOGIN_RPS LOGIN_P50 LOGIN_P99 LOGIN_ERR < <(BENCH_USERS=$USERS BENCH_PREFIX=$PREFIX run_wrk "$ROOT/deploy/bench/auth/login.lua")
bench_say "register: wrk -t$THREADS -c$CONNECTIONS -d$DURATION (a new account per request)"
read -r REG_RPS REG_P50 REG_P99 REG_ERR < <(run_wrk "$ROOT/deploy/bench/auth/register.lua")
RSS="$(bench_peak_rss_mib "$PID")"

printf '\n%-34s %12s %10s %10s %8s\n' "" "req/s" "p50" "p99" "errors"
printf '%-34s %12s %10s %10s %8s\n' "register (through the gateway)" "$REG_RPS" "$REG_P50" "$REG_P99" "$REG_ERR"
printf '%-34s %12s %10s %10s %8s\n' "login (through the gateway)" "$LOGIN_RPS" "$LOGIN_P50" "$LOGIN_P99" "$LOGIN_ERR"
printf '%-34s %12s\n' "raw Argon2id, 1 thread (hash/s)" "$RAW1"
printf '%-34s %12s\n' "raw Argon2id, 2 threads (hash/s)" "$RAW2"
awk -v l="$LOGIN_RPS" -v r="$RAW" -v g="$REG_RPS" 'BEGIN {
  printf "%-34s %11.1f%%   (target: at least 85%%)\n", "login / raw hash rate", 100 * l / r
  printf "%-34s %11.1f%%\n", "register / raw hash rate", 100 * g / r }'
printf '%-34s %9s MiB   (pid %s, VmHWM over the load)\n' "auth-service peak RSS" "$RSS" "$PID"
echo "peers (measured earlier on this machine kind: Parse Server 9.10, bcrypt): sign-up 26 r/s, login 25 r/s"
