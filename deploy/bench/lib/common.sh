# Shared by the benchmarks in deploy/bench/*.sh (sourced, not run). ./orchestra bench NAME sets
# ORCHESTRA_ROOT, ORCHESTRA_STATE and JAVA_BIN.
set -Eeuo pipefail
ROOT="${ORCHESTRA_ROOT:?run benchmarks through ./orchestra bench NAME}"
STATE="${ORCHESTRA_STATE:-$ROOT/.orchestra}"
BENCH_DIR="$STATE/bench"
# The benchmark's own gateway: the stack's template, its own port, the per-IP auth limit raised.
BENCH_GATEWAY_PORT="${ORCHESTRA_BENCH_GATEWAY_PORT:-18080}"
BENCH_URL="http://127.0.0.1:$BENCH_GATEWAY_PORT"
mkdir -p "$BENCH_DIR"

bench_say() { printf '==> %s\n' "$*"; }

# What to stop when the benchmark ends, however it ends (the gateway, the peer).
BENCH_ON_EXIT=()
bench_on_exit() { BENCH_ON_EXIT+=("$1"); trap 'for f in "${BENCH_ON_EXIT[@]}"; do "$f"; done' EXIT; }

# Debian's wrk and the other load tools, installed when missing (as root).
bench_require() {
  local tool="$1" package="${2:-$1}"
  command -v "$tool" >/dev/null && return 0
  if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null; then
    bench_say "installing $package (apt-get install $package)"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
  else
    printf 'error: %s is missing (Debian: sudo apt-get install %s)\n' "$tool" "$package" >&2; exit 1
  fi
}

# The stack, rebuilt when sources changed, and a gateway of the benchmark's own in front of it.
bench_stack_up() {
  "$ROOT/orchestra" up >/dev/null
  local dir="$BENCH_DIR/gateway"
  bench_gateway_down
  "$ROOT/orchestra" render-gateway "$dir" GATEWAY_LISTEN="127.0.0.1:$BENCH_GATEWAY_PORT" \
    AUTH_RATE_LIMIT=1000000r/s AUTH_RATE_BURST=1000000 WS_RATE_LIMIT=1000000r/s WS_RATE_BURST=1000000 \
    ACCESS_LOG="$dir/access.log" ERROR_LOG="$dir/error.log" >/dev/null
  # No access log under load: the benchmark measures the services, not log writing.
  sed -i 's#access_log [^;]*;#access_log off;#' "$dir/orchestra.conf"
  nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log"
  for _ in $(seq 1 50); do curl -fsS -o /dev/null "$BENCH_URL/health" 2>/dev/null && break; sleep 0.1; done
  bench_on_exit bench_gateway_down
}

bench_gateway_down() {
  local pid_file="$BENCH_DIR/gateway/nginx.pid"
  if [[ -f "$pid_file" ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    kill -QUIT "$(cat "$pid_file")" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$(cat "$pid_file" 2>/dev/null)" 2>/dev/null || break; sleep 0.1; done
  fi
}

# The event contracts (orchestra-proto and protobuf-java) as a classpath, for a benchmark that reads the
# stack's topics. Maven resolves it from the proto module the stack was built from.
bench_proto_classpath() {
  local file="$BENCH_DIR/proto.classpath"
  "$ROOT/mvnw" -B -q dependency:build-classpath -pl proto -Dmdep.outputFile="$file" >/dev/null
  printf '%s:%s' "$(ls "$ROOT"/proto/target/orchestra-proto-*.jar | grep -v sources | head -1)" \
    "$(tr ':' '\n' < "$file" | grep '/protobuf-java-[0-9.]*\.jar$' | head -1)"
}

# Every part ./orchestra started, as "name=pid,...", for a benchmark that reports the CPU each part
# used (PostgreSQL's and nginx's processes and the load generator it finds itself).
bench_stack_pids() {
  local file pids=""
  for file in "$STATE"/pids/*.pid; do pids+="$(basename "$file" .pid)=$(cat "$file"),"; done
  printf '%s' "${pids%,}"
}

# Waits (at most 120 s) until the machine is quiet: under 25 % of its CPUs busy for 2 s in a row. Work a
# load left behind (events still being consumed, files still being indexed) would otherwise be measured
# as part of whatever runs next.
bench_wait_quiet() {
  local quiet=0 busy total last_busy last_total
  read -r last_busy last_total < <(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat)
  for _ in $(seq 1 120); do
    sleep 1
    read -r busy total < <(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat)
    if (( (busy - last_busy) * 4 < (total - last_total) )); then quiet=$((quiet + 1)); else quiet=0; fi
    last_busy=$busy; last_total=$total
    [[ $quiet -ge 2 ]] && return 0
  done
  bench_say "the machine stayed busy for 120 s; going on"
}

# The service's recorded pid (./orchestra keeps it in .orchestra/pids).
bench_service_pid() { cat "$STATE/pids/$1.pid"; }

# Peak resident memory of a process so far (VmHWM), in MiB.
bench_peak_rss_mib() { awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

# bench_erase_accounts FILE PASSWORD: erases each account listed in FILE (an e-mail a line) through the
# benchmark gateway (DELETE /api/v1/users/me, which every service follows), then removes FILE.
bench_erase_accounts() {
  local file="$1" password="$2" email token erased=0
  [[ -f "$file" ]] || return 0
  while read -r email; do
    [[ -n "$email" ]] || continue
    token="$(curl -fsS -H 'Content-Type: application/json' -d "{\"email\":\"$email\",\"password\":\"$password\"}" \
      "$BENCH_URL/auth/login" | sed 's/.*"access_token":"\([^"]*\)".*/\1/')" || continue
    curl -fsS -o /dev/null -X DELETE -H 'Content-Type: application/json' -H "Authorization: Bearer $token" \
      -d "{\"password\":\"$password\"}" "$BENCH_URL/api/v1/users/me" && erased=$((erased + 1))
  done <"$file"
  rm -f "$file"
  bench_say "the benchmark's $erased account(s) erased"
}

# bench_cpu_mark FILE, then bench_cpu_report FILE COUNT: the CPU (user + system, from /proc) each part
# of the machine used since the mark, in ms per request for COUNT requests, largest first. Parts: what
# ./orchestra started (its pid files), PostgreSQL's and nginx's processes, and the rest. A process that
# ended in between is left out — wrk itself, which has exited by the report, and closed database
# connections —; one started since counts from zero. "all counted" is the sum of the parts.
bench_cpu_ticks() {
  local file
  for file in "$STATE"/pids/*.pid; do printf 'named %s %s\n' "$(cat "$file")" "$(basename "$file" .pid)"; done
  for file in /proc/[0-9]*/stat; do cat "$file" 2>/dev/null; echo; done
} 2>/dev/null
bench_cpu_parts() {
  bench_cpu_ticks | awk '$1 == "named" { named[$2] = $3; next }
    NF > 10 { pid = $1; command = $0; sub(/^[^(]*\(/, "", command); command = substr(command, 1, index(command, ")") - 1)
      rest = $0; sub(/^.*\) /, "", rest); split(rest, f, " ")
      part = (pid in named) ? named[pid] : command == "postgres" ? "postgresql" : command == "nginx" ? "nginx" : command == "wrk" ? "wrk" : "other"
      print pid, part, f[12] + f[13] }'
}
bench_cpu_mark() { bench_cpu_parts >"$1"; }
bench_cpu_report() {
  local mark="$1" count="$2"
  bench_cpu_parts | awk -v count="$count" 'NR == FNR { before[$1] = $3; next }
    { used[$2] += $3 - before[$1]; total += $3 - before[$1] }
    END { for (p in used) if (used[p] > 0) printf "%s %.1f\n", p, used[p] * 10 / count; printf "~whole %.1f\n", total * 10 / count }' "$mark" - \
    | sort -k2 -rn | awk '$1 == "~whole" { whole = $2; next } { line = line (line == "" ? "" : ", ") $1 " " $2 }
      END { printf "CPU ms per request (user+system, /proc): %s; all counted %s\n", line, whole }'
}

# shellcheck source=parse.sh
source "$(dirname "${BASH_SOURCE[0]}")/parse.sh"
