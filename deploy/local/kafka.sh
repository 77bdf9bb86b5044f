# Sourced by ./orchestra: the Kafka broker (KRaft, one node) and its topics. Uses the settings ./orchestra defines (ROOT, STATE, PORT, ...).

kafka_java() { "$(java_bin)" -Dlog4j2.configurationFile="$ROOT/deploy/kafka/tools-log4j2.properties" -cp "$STATE/kafka/libs/*" "$@"; }

kafka_fetch() {
  if [[ ! -f "$STATE/kafka/libs/.complete" ]] || [[ "$ROOT/deploy/local/pom.xml" -nt "$STATE/kafka/libs/.complete" ]]; then
    say "fetching the Kafka broker's jars from Maven Central"
    rm -rf "$STATE/kafka/libs"
    maven -f "$ROOT/deploy/local/pom.xml" -Pkafka
    touch "$STATE/kafka/libs/.complete"
  fi
}

kafka_up() {
  kafka_fetch
  mkdir -p "$STATE/kafka/data"
  sed "s#@STATE@#$STATE/kafka#g" "$ROOT/deploy/kafka/server.properties" >"$STATE/kafka/server.properties"
  if ! running kafka; then
    local port
    for port in "${KAFKA_PORTS[@]}"; do
      if port_open "$port"; then die "port $port (kafka) is taken by a process this script did not start; stop it first"; fi
    done
    if [[ ! -f "$STATE/kafka/data/meta.properties" ]]; then
      say "formatting Kafka's storage (first run)"
      local cluster_id; cluster_id="$(kafka_java kafka.tools.StorageTool random-uuid)"
      kafka_java kafka.tools.StorageTool format -t "$cluster_id" -c "$STATE/kafka/server.properties" >>"$(log_of kafka)" 2>&1
    fi
    say "starting Kafka on $KAFKA_BOOTSTRAP"
    start_process kafka "$(log_of kafka)" "$(java_bin)" -Xms512m -Xmx512m -XX:+UseG1GC \
      -Dlog4j2.configurationFile="$ROOT/deploy/kafka/log4j2.properties" \
      -Dkafka.logs.dir="$LOGS" -cp "$STATE/kafka/libs/*" kafka.Kafka "$STATE/kafka/server.properties"
  fi
  wait_for kafka port_open 9092
  kafka_java "$ROOT/deploy/kafka/Topics.java" "$KAFKA_BOOTSTRAP" "$ROOT/deploy/kafka/topics.txt" "$TEST_TOPIC_PREFIX" \
    || die "could not create the Kafka topics"
}
