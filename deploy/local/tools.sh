# Sourced by ./orchestra: the commands around the stack — mails, dead letters, the test database's
# admin, chaos, the sync client, the local Stripe and the benchmarks. Uses the settings ./orchestra
# defines (ROOT, STATE, PORT, ...).

mail_command() {
  [[ -f "$(mail_jar)" ]] && running mail || die "the mail catcher is not running: ./orchestra infra up"
  "$(java_bin)" -cp "$(mail_jar)" "$ROOT/deploy/local/Mail.java" "$@"
}

dlq_command() {
  running kafka || die "Kafka is not running: ./orchestra infra up"
  kafka_java "$ROOT/deploy/kafka/Dlq.java" "$KAFKA_BOOTSTRAP" "$@"
}

# Superuser SQL on the test database only, for module tests' outage drills (a role made read-only
# or given a new password, its sessions ended): rights no service role has.
test_db_admin_command() {
  [[ -n "${1:-}" && $# -eq 1 ]] || die "usage: ./orchestra test-db-admin SQL   (runs on orchestra_test only)"
  DB_PORT="${DB_PORT:-$(pg_local_port)}"; DB_PORT="${DB_PORT:-5432}"
  psql_admin -d orchestra_test -tA -c "$1"
}

# Faults under steady writes (deploy/chaos/chaos.sh): not part of ./orchestra test.
chaos_command() {
  ORCHESTRA_ROOT="$ROOT" ORCHESTRA_STATE="$STATE" JAVA_BIN="$(java_bin)" bash "$ROOT/deploy/chaos/chaos.sh" "$@"
}

# The reference sync client (sync-client/): login, projects, sync PROJECT DIR [--once], status DIR.
client_command() {
  [[ -f "$ROOT/sync-client/target/orchestra-sync.jar" ]] || die "the sync client is not built yet: ./orchestra up"
  JAVA_HOME="$(dirname "$(dirname "$(java_bin)")")" exec "$ROOT/sync-client/orchestra-sync" "$@"
}

# The local Stripe's own command line: secret, pay SESSION_ID, renew EMAIL, fail-payment EMAIL,
# cancel EMAIL [--at-period-end], resend EVENT_ID, events (see deploy/stripe-local/README.md).
stripe_command() {
  [[ -z "$STRIPE_EXTERNAL" ]] || die "STRIPE_API_KEY is set: this stack talks to a real Stripe, not the local one"
  [[ -f "$(stripe_local_jar)" ]] || die "the local Stripe is not built yet: ./orchestra up"
  "$(java_bin)" -jar "$(stripe_local_jar)" --url "http://127.0.0.1:${PORT[stripe-local]}" "$@"
}

# A benchmark (deploy/bench/NAME.sh) brings the local stack up itself (./orchestra up) and runs a
# gateway of its own with raised limits beside the stack's (deploy/bench/lib/common.sh). With
# "--peer parse" it also runs Parse Server, on a database made here afresh (superuser rights).
bench_command() {
  local benches; benches="$(shopt -s nullglob; for f in "$ROOT"/deploy/bench/*.sh; do f="${f##*/}"; printf "%s " "${f%.sh}"; done)"
  [[ -n "${1:-}" ]] || die "usage: ./orchestra bench NAME [--peer parse]   (benchmarks: ${benches:-none yet}; the peer: auth, projects, sync)"
  [[ "$1" =~ ^[a-z0-9-]+$ && -f "$ROOT/deploy/bench/$1.sh" ]] || die "no benchmark named '$1' (benchmarks: ${benches:-none yet})"
  local name="$1"; shift
  if [[ " $* " == *" --peer parse "* ]]; then
    # Before the benchmark brings the rest up: PostgreSQL first (started when it is not running).
    ensure_dirs
    postgres_up >/dev/null
    postgres_peer_database parse_bench parse-bench-local-only
  fi
  ORCHESTRA_ROOT="$ROOT" ORCHESTRA_STATE="$STATE" JAVA_BIN="$(java_bin)" bash "$ROOT/deploy/bench/$name.sh" "$@"
}
