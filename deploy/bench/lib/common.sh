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
  trap bench_gateway_down EXIT
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
