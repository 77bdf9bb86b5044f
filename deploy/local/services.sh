# Sourced by ./orchestra: the build, the six services, the development engine and the local Stripe. Uses the settings ./orchestra defines (ROOT, STATE, PORT, ...).

service_jar() { echo "$ROOT/$1/target/quarkus-app/quarkus-run.jar"; }

engine_dev_jar() { echo "$ROOT/deploy/engine-dev/target/orchestra-engine-dev.jar"; }

stripe_local_jar() { echo "$ROOT/deploy/stripe-local/target/orchestra-stripe-local-0.1.0-SNAPSHOT.jar"; }

# Hash of every source file git knows or would add: a change anywhere means a rebuild.
source_stamp() {
  (
    set +o pipefail
    cd "$ROOT"
    if git rev-parse --git-dir >/dev/null 2>&1; then
      git ls-files -z --cached --others --exclude-standard -- . ':!deploy/e2e' ':!deploy/bench' ':!deploy/chaos' ':!deploy/local/*.sh' ':!*.md'
    else
      find . -path ./.orchestra -prune -o -path '*/target' -prune -o -type f -print0
    fi | xargs -0 -r sha1sum 2>/dev/null | sha1sum | cut -d' ' -f1
  )
}

sources_changed() {
  local service
  for service in "${SERVICES[@]}"; do [[ -f "$(service_jar "$service")" ]] || return 0; done
  [[ -f "$(engine_dev_jar)" ]] || return 0
  [[ -f "$(stripe_local_jar)" ]] || return 0
  [[ -f "$ROOT/sync-client/target/orchestra-sync.jar" ]] || return 0
  [[ "$(source_stamp)" != "$(cat "$STATE/build.stamp" 2>/dev/null)" ]]
}

# Rebuilds when sources changed. Running services are stopped first: the build rewrites the jars
# under them, and they are started again on the new ones.
build_if_changed() {
  sources_changed || return 0
  if stack_running; then say "sources changed: stopping the running services to rebuild them"; stop_services; fi
  say "building (sources changed since the last build): ./mvnw package -DskipTests"
  maven package -DskipTests >"$LOGS/build.log" 2>&1 || { tail -n 60 "$LOGS/build.log" >&2; die "build failed; see $LOGS/build.log"; }
  source_stamp >"$STATE/build.stamp"
}

# The local stack's token signing key: made once per checkout, kept in .orchestra/keys (git-ignored).
signing_key() {
  local dir="$STATE/keys"
  if [[ ! -f "$dir/auth-signing.pem" ]]; then
    mkdir -p "$dir" && chmod 700 "$dir"
    "$(java_bin)" "$ROOT/deploy/local/SigningKey.java" "$dir/auth-signing.pem" "$dir/auth-signing.pub.pem"
    chmod 600 "$dir/auth-signing.pem"
    echo "local-$(date -u +%Y%m%d%H%M%S)" >"$dir/auth-signing.kid"
    say "made the local token signing key in $dir"
  fi
  # The key of the HMAC that derives rotated refresh tokens (auth-service): random, per checkout.
  if [[ ! -f "$dir/refresh-token.key" ]]; then
    (umask 077; head -c 32 /dev/urandom | base64 | tr -d '\n' >"$dir/refresh-token.key")
  fi
}

service_up() {
  local service="$1" port="${PORT[$1]}"
  if running "$service"; then return 0; fi
  if port_open "$port"; then die "port $port ($service) is taken by a process this script did not start"; fi
  local extra=()
  if [[ "$service" == notification-service ]]; then
    # Links in mails point at the local gateway (production sets its web app's address).
    extra=(ORCHESTRA_PUBLIC_BASE_URL="${ORCHESTRA_PUBLIC_BASE_URL:-http://127.0.0.1:${PORT[gateway]}}")
  fi
  if [[ "$service" == billing-service && -z "$STRIPE_EXTERNAL" ]]; then
    # Where the browser lands after the local checkout or portal: a page of the local Stripe's own.
    local back="http://127.0.0.1:${PORT[stripe-local]}/done"
    extra=(STRIPE_API_KEY=sk_test_orchestra_local STRIPE_API_BASE="http://127.0.0.1:${PORT[stripe-local]}"
      STRIPE_WEBHOOK_SECRET="$(cat "$STATE/stripe/webhook-secret")"
      STRIPE_PRICE_PRO_MONTH=price_orchestra_pro_month STRIPE_PRICE_PRO_YEAR=price_orchestra_pro_year
      STRIPE_SUCCESS_URL="$back?result=success&session_id={CHECKOUT_SESSION_ID}" STRIPE_CANCEL_URL="$back?result=cancel"
      STRIPE_PORTAL_RETURN_URL="$back?result=portal")
  fi
  if [[ "$service" == engine-gateway ]]; then
    extra=(ORCHESTRA_ENGINE_ADDRESS="${ENGINE_ADDRESS:-127.0.0.1:${PORT[engine-dev]}}")
  fi
  if [[ "$service" == auth-service ]]; then
    signing_key
    extra=(ORCHESTRA_AUTH_SIGNING_KEY="$STATE/keys/auth-signing.pem" ORCHESTRA_AUTH_SIGNING_KEY_ID="$(cat "$STATE/keys/auth-signing.kid")"
      ORCHESTRA_AUTH_REFRESH_KEY="$(cat "$STATE/keys/refresh-token.key")")
  fi
  start_process "$service" "$(log_of "$service")" env "${extra[@]}" \
    QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$port" ORCHESTRA_SCHEMA="${SCHEMA[$service]}" \
    QUARKUS_DATASOURCE_PASSWORD="${SCHEMA[$service]}-local-only" \
    ORCHESTRA_DB_HOST="$DB_HOST" ORCHESTRA_DB_PORT="$DB_PORT" \
    KAFKA_BOOTSTRAP_SERVERS="$KAFKA_BOOTSTRAP" \
    "$(java_bin)" -Xms64m -Xmx384m -XX:+UseSerialGC -jar "$(service_jar "$service")"
}

service_ready() { http_ok "http://127.0.0.1:${PORT[$1]}/q/health/ready"; }

# The local Stripe: the part of Stripe's API billing-service uses, its webhooks signed with a secret
# made once per checkout (.orchestra/stripe/webhook-secret), its state kept across restarts.
stripe_local_up() {
  [[ -z "$STRIPE_EXTERNAL" ]] || return 0
  mkdir -p "$STATE/stripe"
  if [[ ! -f "$STATE/stripe/webhook-secret" ]]; then
    (umask 077; printf 'whsec_%s\n' "$(head -c 24 /dev/urandom | base64 | tr -d '/+=\n')" >"$STATE/stripe/webhook-secret")
  fi
  if running stripe-local; then return 0; fi
  local port="${PORT[stripe-local]}"
  if port_open "$port"; then die "port $port (stripe-local) is taken by a process this script did not start"; fi
  say "starting the local Stripe on 127.0.0.1:$port (webhooks to the gateway)"
  start_process stripe-local "$(log_of stripe-local)" "$(java_bin)" -Xmx128m -XX:+UseSerialGC -jar "$(stripe_local_jar)" serve \
    --port "$port" --api-key sk_test_orchestra_local --webhook-url "http://127.0.0.1:${PORT[gateway]}/webhooks/stripe" \
    --webhook-secret-file "$STATE/stripe/webhook-secret" --state "$STATE/stripe/state.json"
  wait_for stripe-local http_ok "http://127.0.0.1:$port/_local/health"
}

# The development engine: the local stand-in for the Rust engine (gRPC), its index in .orchestra/engine.
engine_dev_up() {
  [[ -z "$ENGINE_ADDRESS" ]] || return 0
  if running engine-dev; then return 0; fi
  local port="${PORT[engine-dev]}"
  if port_open "$port"; then die "port $port (engine-dev) is taken by a process this script did not start"; fi
  say "starting the development engine (gRPC) on 127.0.0.1:$port"
  mkdir -p "$STATE/engine"
  start_process engine-dev "$(log_of engine-dev)" "$(java_bin)" -Xmx256m -XX:+UseSerialGC -jar "$(engine_dev_jar)" \
    --port "$port" --index-dir "$STATE/engine/index"
  wait_for engine-dev port_open "$port"
}
