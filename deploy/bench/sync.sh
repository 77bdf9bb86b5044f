#!/usr/bin/env bash
# ./orchestra bench sync [--peer parse] — push-to-other-device latency through the whole stack, step by
# step, beside Kafka's own produce-to-consume latency on the same broker (the floor); with --peer parse,
# beside Parse LiveQuery's create-to-socket latency at the same rates right after (ParseLiveQueryBench).
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
bench_peer_args "$@"

bench_say "stack up, benchmark gateway on $BENCH_URL"
bench_stack_up

# shellcheck disable=SC2086
"$JAVA_BIN" -Xmx512m -Dlog4j2.configurationFile="$ROOT/deploy/kafka/tools-log4j2.properties" -cp "$STATE/kafka/libs/*:$(bench_proto_classpath)" \
  -Dbench.pids="$(bench_stack_pids)" \
  "$ROOT/deploy/bench/sync/SyncBench.java" "$BENCH_URL" 127.0.0.1:9092 "$USERS" "$SECONDS_PER_STEP" $RATES | tee "$BENCH_DIR/sync-ours.txt"

for service in sync-service project-service; do
  pid="$(bench_service_pid "$service")"
  printf '%-20s peak RSS %s MiB (pid %s)\n' "$service" "$(bench_peak_rss_mib "$pid")" "$pid"
done
echo "target: p99 ≤ max(100 ms, 6 × Kafka's floor p99) at 200 mutations/s on this 2-core machine"

if [[ "$PEER" == parse ]]; then
  bench_wait_quiet
  parse_up
  # Jackson from Kafka's own libraries, as SyncBench has it.
  # shellcheck disable=SC2086
  "$JAVA_BIN" -Xmx512m -cp "$STATE/kafka/libs/*" "$ROOT/deploy/bench/sync/ParseLiveQueryBench.java" \
    "$PARSE_URL" "$USERS" "$SECONDS_PER_STEP" $RATES | tee "$BENCH_DIR/sync-parse.txt"
  printf 'Parse Server peak RSS %s MiB (pid %s; node, LiveQuery on the same process)\n' "$(bench_peak_rss_mib "$PARSE_PID")" "$PARSE_PID"
  # Side by side: each step both ran, ours (through the gateway) and Parse's (direct on its port).
  printf '\n%-8s %22s %22s %10s\n' "step/s" "ours p50 / p99 ms" "Parse p50 / p99 ms" "p99 ratio"
  awk 'FNR == 1 { file++ } $1 ~ /^[0-9]+$/ && NF == 7 { p50[file, $1] = $3; p99[file, $1] = $5; if (file == 1) steps[++n] = $1 }
    END { for (i = 1; i <= n; i++) { s = steps[i]; if ((2, s) in p99)
      printf "%-8s %22s %22s %10s\n", s, p50[1, s] " / " p99[1, s], p50[2, s] " / " p99[2, s],
        p99[2, s] > 0 ? sprintf("%.2f×", p99[1, s] / p99[2, s]) : "–" } }' \
    "$BENCH_DIR/sync-ours.txt" "$BENCH_DIR/sync-parse.txt"
fi
