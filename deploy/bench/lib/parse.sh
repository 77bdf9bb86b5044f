# Parse Server as a benchmark's peer (./orchestra bench NAME --peer parse), sourced by common.sh.
# Installed from npm into .orchestra/bench/parse (deploy/bench/parse/package.json pins it, and npm's
# router at 2.2.0: with a later router Parse 9's LiveQuery session checks fail), run with its own
# PostgreSQL database (parse_bench, made afresh by ./orchestra bench before each run) right after
# our own workload, with the same settings.
PARSE_PORT="${ORCHESTRA_BENCH_PARSE_PORT:-1337}"
PARSE_URL="http://127.0.0.1:$PARSE_PORT/parse"
PARSE_MASTER_KEY="bench-master-key-local-only"
PEER=""

# Reads the benchmark's arguments: "--peer parse" or nothing.
bench_peer_args() {
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --peer) [[ "${2:-}" == parse ]] || { echo "error: the only peer is parse (--peer parse)" >&2; exit 2; }; PEER=parse; shift 2 ;;
      *) echo "error: unknown argument '$1' (usage: ./orchestra bench NAME [--peer parse])" >&2; exit 2 ;;
    esac
  done
}

parse_up() {
  bench_require node nodejs
  bench_require npm npm
  # Parse Server 9.10 needs Node.js 20.19 or later (Debian 12's own nodejs is 18).
  node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' \
    || { echo "error: Parse Server 9.10 needs Node.js 20.19 or later; this machine has $(node --version)" >&2; exit 1; }
  local dir="$BENCH_DIR/parse"
  mkdir -p "$dir"
  cp "$ROOT/deploy/bench/parse/server.js" "$dir/server.js"
  if ! cmp -s "$ROOT/deploy/bench/parse/package.json" "$dir/package.json" || [[ ! -d "$dir/node_modules/parse-server" ]]; then
    bench_say "installing Parse Server from npm into $dir (once)"
    cp "$ROOT/deploy/bench/parse/package.json" "$dir/package.json"
    (cd "$dir" && npm install --no-audit --no-fund --loglevel=error >"$dir/npm.log" 2>&1) \
      || { echo "error: npm install of Parse Server failed; see $dir/npm.log" >&2; exit 1; }
  fi
  parse_down
  # Started from its own directory: Parse's logger makes ./logs before it reads its options.
  (cd "$dir" && PARSE_PORT="$PARSE_PORT" PARSE_MASTER_KEY="$PARSE_MASTER_KEY" PARSE_LOGS_FOLDER="$dir/logs" \
    PARSE_DATABASE_URI="postgres://parse_bench:parse-bench-local-only@127.0.0.1:${ORCHESTRA_DB_PORT:-5432}/parse_bench" \
    exec nohup node "$dir/server.js" >"$dir/server.log" 2>&1) &
  echo $! >"$dir/server.pid"
  bench_on_exit parse_down
  for _ in $(seq 1 100); do curl -fsS -o /dev/null "$PARSE_URL/health" 2>/dev/null && break; sleep 0.2; done
  curl -fsS -o /dev/null "$PARSE_URL/health" || { echo "error: Parse Server did not start; see $dir/server.log" >&2; exit 1; }
  # The benchmark's classes, made with the master key (clients may not make classes).
  local class
  for class in BenchProject BenchFile; do
    parse_call POST "/schemas/$class" "{\"className\":\"$class\"}" master >/dev/null
  done
  PARSE_PID="$(cat "$dir/server.pid")"
  bench_say "Parse Server $(node -p "require('$dir/node_modules/parse-server/package.json').version") on $PARSE_URL (pid $PARSE_PID, node $(node --version))"
}

parse_down() {
  local pid_file="$BENCH_DIR/parse/server.pid"
  if [[ -f "$pid_file" ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    kill "$(cat "$pid_file")" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$(cat "$pid_file")" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$pid_file"
}

# parse_call METHOD PATH [BODY] [SESSION_TOKEN|master]: Parse's REST API; prints the answer.
parse_call() {
  local method="$1" path="$2" body="${3:-}" who="${4:-}"
  local headers=(-H "X-Parse-Application-Id: bench" -H "Content-Type: application/json")
  [[ "$who" == master ]] && headers+=(-H "X-Parse-Master-Key: $PARSE_MASTER_KEY")
  [[ -n "$who" && "$who" != master ]] && headers+=(-H "X-Parse-Session-Token: $who")
  [[ -z "$body" ]] || headers+=(-d "$body")
  curl -fsS -X "$method" "${headers[@]}" "$PARSE_URL$path"
}

# parse_sign_up USERNAME: a Parse user (the same password as ours); prints "sessionToken objectId".
parse_sign_up() {
  local answer
  answer="$(parse_call POST /users "{\"username\":\"$1\",\"email\":\"$1\",\"password\":\"bench password 123\"}")"
  # A whole line (Parse's answer ends without one), for read.
  sed 's/.*"objectId":"\([^"]*\)".*"sessionToken":"\([^"]*\)".*/\2 \1/' <<<"$answer"
}
