#!/usr/bin/env bash
# ./orchestra bench sync — push-to-other-device latency through the whole stack, step by step,
# beside Kafka's own produce-to-consume latency on the same broker (the floor).
#
# 50 users × 2 devices (sockets through the gateway); device A of each pushes file creates at a
# steady total rate for BENCH_STEP_SECONDS per step; the latency runs from the push leaving the
# client to the change reaching device B's socket. The highest sustained rate is the last step whose
# p99 stayed under 250 ms with nothing missing. Each step also prints, per hop, p50/p99 from the
# timestamps the pipeline carries (record timestamps, events' occurred_at, changes' at).
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

USERS="${BENCH_USERS:-50}"
SECONDS_PER_STEP="${BENCH_STEP_SECONDS:-10}"
RATES="${BENCH_RATES:-50 100 200 300 400 600}"

bench_say "stack up, benchmark gateway on $BENCH_URL"
bench_stack_up
PIDS_SHOWN=""
for service in sync-service project-service; do PIDS_SHOWN+="$service=$(bench_service_pid "$service") "; done

# shellcheck disable=SC2086
"$JAVA_BIN" -Xmx512m -Dlog4j2.configurationFile="$ROOT/deploy/kafka/tools-log4j2.properties" -cp "$STATE/kafka/libs/*:$(bench_proto_classpath)" \
  "$ROOT/deploy/bench/sync/SyncBench.java" "$BENCH_URL" 127.0.0.1:9092 "$USERS" "$SECONDS_PER_STEP" $RATES

for service in sync-service project-service; do
  pid="$(bench_service_pid "$service")"
  printf '%-20s peak RSS %s MiB (pid %s)\n' "$service" "$(bench_peak_rss_mib "$pid")" "$pid"
done
echo "target: p99 under 100 ms at 200 mutations/s on this 2-core machine"
