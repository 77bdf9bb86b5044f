# Sourced by ./orchestra: the test command: module tests, then end-to-end tests against a stack on the new jars. Uses the settings ./orchestra defines (ROOT, STATE, PORT, ...).

run_tests() {
  local infra_was_running=0 stack_was_running=0
  running kafka && running mail && infra_was_running=1
  stack_running && stack_was_running=1
  infra_up
  # Whatever happens below, leave the machine as it was: a stack that ran runs (on the new jars),
  # one that did not is stopped again, and so is infrastructure this command started.
  trap 'restore_after_tests '"$infra_was_running $stack_was_running" EXIT
  # The build rewrites the jars the stack runs from: stop it first, restart it on the new ones.
  if ((stack_was_running)); then say "stopping the running stack: it restarts on the jars about to be built"; stop_services; fi
  # install, not only verify: the end-to-end build below is a build of deploy/e2e alone, and finds the
  # modules it tests with (the sync client, platform's test jar) in the local Maven repository — on a
  # fresh machine only once this has put them there.
  say "module tests: ./mvnw install (database orchestra_test, topics and groups prefixed '$TEST_TOPIC_PREFIX')"
  ORCHESTRA_DB_HOST="$DB_HOST" ORCHESTRA_DB_PORT="$DB_PORT" KAFKA_BOOTSTRAP_SERVERS="$KAFKA_BOOTSTRAP" \
    "$ROOT/mvnw" -B install
  source_stamp >"$STATE/build.stamp"
  up
  say "end-to-end tests through the gateway: ./mvnw verify -Pe2e -pl deploy/e2e"
  ORCHESTRA_GATEWAY_URL="http://127.0.0.1:${PORT[gateway]}" "$ROOT/mvnw" -B verify -Pe2e -pl deploy/e2e
}

restore_after_tests() {
  local status=$? infra_was_running="$1" stack_was_running="$2"
  trap - EXIT
  if ((!stack_was_running)); then stop_services; fi
  # A failure before the restart (a red module test) must not leave a stack down that was up.
  if ((stack_was_running)) && ! stack_running; then up || true; fi
  if ((!infra_was_running)); then infra_down; fi
  exit "$status"
}
