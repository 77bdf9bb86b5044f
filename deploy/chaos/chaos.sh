#!/usr/bin/env bash
# ./orchestra chaos — faults under steady writes, and proof that nothing acknowledged is lost.
#
# For each fault in turn (each with an account and project of its own) — the Kafka broker killed (kill -9), PostgreSQL stopped (immediate mode),
# then each service killed (kill -9) — files are created through the gateway, about 10 a second,
# from 3 s before the fault until 3 s after ./orchestra up has brought the part back (it is down for
# CHAOS_DOWN seconds, 8 by default). Then every file the gateway answered 201 for must be in the
# sync change log exactly once (read from a cursor taken before the run), within 60 s. Printed per
# fault: writes acknowledged, refused while down, seconds down, lost, doubled; and the dead-letter
# topics' records before and after the run (they must not grow). Exit status 1 if anything was lost
# or doubled or a DLQ grew. Takes about 4 minutes; not part of ./orchestra test.
set -Eeuo pipefail
ROOT="${ORCHESTRA_ROOT:?run through ./orchestra chaos}"
STATE="${ORCHESTRA_STATE:-$ROOT/.orchestra}"
JAVA_BIN="${JAVA_BIN:-java}"
GATEWAY="http://127.0.0.1:8080"
DOWN="${CHAOS_DOWN:-8}"
RATE="${CHAOS_RATE:-10}"
WORK="$STATE/chaos"
LIB="$STATE/chaos-lib"
# The services, from the one table ./orchestra reads.
mapfile -t SERVICES < <(awk '!/^#/ && NF { print $1 }' "$ROOT/deploy/local/services.txt")
FAULTS=(kafka postgres "${SERVICES[@]}")
STARTED=$SECONDS

say() { printf '==> %s\n' "$*"; }

say "stack up"
"$ROOT/orchestra" up >/dev/null
compgen -G "$ROOT/deploy/stripe-local/target/lib/gson-*.jar" >/dev/null \
  || { echo "error: no gson jar in deploy/stripe-local/target/lib (./orchestra up builds it)" >&2; exit 1; }
rm -rf "$WORK" "$LIB" && mkdir -p "$WORK" "$LIB" && cp "$ROOT"/deploy/stripe-local/target/lib/gson-*.jar "$LIB/"
chaos_java() { "$JAVA_BIN" -Xmx128m -cp "$LIB/*" "$ROOT/deploy/chaos/Chaos.java" "$@"; }

dlq_records() { "$ROOT/orchestra" dlq list | awk 'NR > 1 { sum += $2 } END { print sum + 0 }'; }

DLQ_BEFORE="$(dlq_records)"

pg_version() { ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1; }

# inject FAULT: takes the part down the hard way.
inject() {
  case "$1" in
    kafka) kill -9 "$(cat "$STATE/pids/kafka.pid")" ;;
    postgres)
      if [[ -n "${ORCHESTRA_PG_ADMIN_URL:-}" || -z "$(pg_version)" ]]; then
        echo "    (PostgreSQL is not this machine's cluster: not stopped)"; return 1
      fi
      pg_ctlcluster --skip-systemctl-redirect "$(pg_version)" main stop -m immediate ;;
    *) kill -9 "$(cat "$STATE/pids/$1.pid")" ;;
  esac
}

RESULTS=()
for fault in "${FAULTS[@]}"; do
  say "$fault: writes going on; down for ${DOWN} s, then ./orchestra up"
  rm -f "$WORK/$fault.stop"
  chaos_java setup "$GATEWAY" "$WORK" "$fault"
  chaos_java write "$GATEWAY" "$WORK" "$fault" "$RATE" &
  writer=$!
  sleep 3
  down_at=$SECONDS
  if ! inject "$fault"; then
    touch "$WORK/$fault.stop"; wait "$writer" || true
    RESULTS+=("$fault skipped")
    continue
  fi
  sleep "$DOWN"
  "$ROOT/orchestra" up >/dev/null 2>&1 || { echo "error: ./orchestra up failed after the $fault fault" >&2; touch "$WORK/$fault.stop"; exit 1; }
  seconds_down=$((SECONDS - down_at))
  sleep 3
  touch "$WORK/$fault.stop"
  wait "$writer" || true
  read -r _ acked refused lost doubled < <(chaos_java check "$GATEWAY" "$WORK" "$fault" 60)
  RESULTS+=("$fault $acked $refused $seconds_down $lost $doubled")
  printf '    %s acknowledged, %s refused, %s s down, %s lost, %s doubled\n' "$acked" "$refused" "$seconds_down" "$lost" "$doubled"
done
DLQ_AFTER="$(dlq_records)"

printf '\n./orchestra chaos — %s, %s cores, writes at about %s/s through the gateway\n\n' "$(date -u '+%F %H:%M UTC')" "$(nproc)" "$RATE"
printf '%-31s %12s %8s %12s %6s %8s\n' "FAULT" "ACKNOWLEDGED" "REFUSED" "SECONDS DOWN" "LOST" "DOUBLED"
STATUS=0
for row in "${RESULTS[@]}"; do
  read -r fault acked refused seconds lost doubled <<<"$row"
  label="$fault (kill -9)"
  [[ "$fault" == postgres ]] && label="postgres (immediate)"
  if [[ "$acked" == skipped ]]; then
    printf '%-31s %s\n' "$label" "skipped: not this machine's cluster, so not stopped"
    continue
  fi
  printf '%-31s %12s %8s %12s %6s %8s\n' "$label" "$acked" "$refused" "$seconds" "$lost" "$doubled"
  [[ "$lost" == 0 && "$doubled" == 0 ]] || STATUS=1
done
printf '\ndead-letter records: %s before, %s after\n' "$DLQ_BEFORE" "$DLQ_AFTER"
[[ "$DLQ_AFTER" -le "$DLQ_BEFORE" ]] || { echo "error: the dead-letter topics grew" >&2; STATUS=1; }
printf 'took %d s; details in %s\n' "$((SECONDS - STARTED))" "$WORK"
exit "$STATUS"
