#!/usr/bin/env bash
# ./orchestra bench billing — signed Stripe webhooks answered while a backlog of events is being applied.
#
# Setup: 50 accounts through the benchmark gateway, each paying for pro through a checkout on the local
# Stripe and renewed twice, so that the local Stripe makes and delivers the events Stripe would (checkout
# completed, subscription created and updated, invoices finalized and paid). Measured: 1,000 deliveries
# to POST /webhooks/stripe, 16 at once, each a distinct event (a fresh evt_ id) made from one of those
# real events, signed with the stack's webhook secret at the moment it is sent. Reported: the answers'
# p50/p99 (target: p99 under 1 s), how many of the 1,000 billing-service had applied when the last answer
# came (the rest were still being applied: the answers do not wait for them), and the time and rate until
# all are applied (each one re-read from the local Stripe by billing-service's worker, as it does with
# Stripe). The run's accounts are erased at the end (their subscriptions cancelled and customers deleted
# at the local Stripe by billing-service) unless BENCH_KEEP=1.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

USERS="${BENCH_USERS:-50}"
RENEWALS="${BENCH_RENEWALS:-2}"
DELIVERIES="${BENCH_DELIVERIES:-1000}"
CLIENTS="${BENCH_CLIENTS:-16}"
STRIPE="http://127.0.0.1:12111"
METRICS="http://127.0.0.1:8084/q/metrics"
SECRET_FILE="$STATE/stripe/webhook-secret"
PASSWORD="bench password 123"
WORK="$BENCH_DIR/billing"
LIB="$BENCH_DIR/billing-lib"
STARTED=$SECONDS

[[ -z "${STRIPE_API_KEY:-}" ]] || { echo "error: STRIPE_API_KEY is set: the benchmark needs the local Stripe" >&2; exit 1; }
bench_say "stack up, benchmark gateway on $BENCH_URL"
bench_stack_up

# The program's classpath: gson, from the local Stripe's own jars (copied: a rebuild during the run
# cannot pull them away).
STRIPE_LIB="$ROOT/deploy/stripe-local/target/lib"
compgen -G "$STRIPE_LIB/gson-*.jar" >/dev/null \
  || { echo "error: $STRIPE_LIB has no gson jar (./orchestra up builds deploy/stripe-local)" >&2; exit 1; }
rm -rf "$LIB" && mkdir -p "$LIB" && cp "$STRIPE_LIB"/gson-*.jar "$LIB/"
bench_java() { "$JAVA_BIN" -Xmx256m -cp "$LIB/*" "$ROOT/deploy/bench/billing/BillingBench.java" "$@"; }

billing_cleanup() {
  [[ "${BENCH_KEEP:-0}" == 1 ]] || bench_erase_accounts "$WORK/accounts.txt" "$PASSWORD"
}
on_exit() { billing_cleanup || true; bench_gateway_down; }
billing_cleanup
trap on_exit EXIT
rm -rf "$WORK" && mkdir -p "$WORK"

bench_java setup "$BENCH_URL" "$STRIPE" "$WORK" "$USERS" "$RENEWALS"
bench_java fire "$BENCH_URL" "$METRICS" "$WORK" "$SECRET_FILE" "$DELIVERIES" "$CLIENTS"

# shellcheck disable=SC1091
source "$WORK/results.sh"
printf '\n./orchestra bench billing — %s, %s cores\n' "$(date -u '+%F %H:%M UTC')" "$(nproc)"
printf 'setup: %s accounts paid for pro on the local Stripe and renewed %s times: %s events of the handled types\n\n' \
  "$SETUP_USERS" "$SETUP_RENEWALS" "$SOURCE_EVENTS"
row() { printf '%-36s %-22s %s\n' "$@"; }
row "SIGNED WEBHOOKS" "" ""
row "deliveries ($CLIENTS at once)" "$DELIVERIES in $SEND_SECONDS s" "$SEND_RATE/s, each a distinct event; $NON_200 not answered 200"
row "answer latency" "p50 $ANSWER_P50_MS ms" "p99 $ANSWER_P99_MS ms, max $ANSWER_MAX_MS ms (target: p99 under 1,000 ms)"
row "applied when the last was answered" "$APPLIED_AT_LAST_ANSWER of $DELIVERIES" "the other $((DELIVERIES - APPLIED_AT_LAST_ANSWER)) still being applied"
row "all applied" "$APPLIED in $APPLY_SECONDS s" "$APPLY_RATE events/s from the first delivery (each re-read from the local Stripe)"
printf 'took %d s; details in %s\n' "$((SECONDS - STARTED))" "$WORK"

STATUS=0
[[ "$NON_200" == 0 ]] || { echo "error: $NON_200 deliveries were not answered 200" >&2; STATUS=1; }
[[ "$APPLIED" -ge "$DELIVERIES" ]] || { echo "error: only $APPLIED of $DELIVERIES events applied within 5 minutes" >&2; STATUS=1; }
awk -v p="$ANSWER_P99_MS" 'BEGIN { exit !(p < 1000) }' || { echo "error: p99 $ANSWER_P99_MS ms is not under 1 s" >&2; STATUS=1; }
exit "$STATUS"
