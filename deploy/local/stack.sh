# Sourced by ./orchestra: the whole local stack: up, down, status. Uses the settings ./orchestra defines (ROOT, STATE, PORT, ...).

infra_up() {
  ensure_dirs
  require_tools
  say "infrastructure"
  postgres_up
  kafka_up
  mail_up
}

infra_down() {
  stop_process mail
  stop_process kafka
  postgres_down
}

up() {
  infra_up
  build_if_changed
  engine_dev_up
  stripe_local_up
  local service
  say "services"
  for service in "${SERVICES[@]}"; do
    if ! running "$service"; then say "starting $service on 127.0.0.1:${PORT[$service]}"; fi
    service_up "$service"
  done
  for service in "${SERVICES[@]}"; do wait_for "$service" service_ready "$service"; done
  gateway_up
  status
}

stop_services() {
  stop_process gateway
  local service
  for service in "${SERVICES[@]}"; do stop_process "$service"; done
  stop_process engine-dev
  stop_process stripe-local
}

down() {
  stop_services
  infra_down
  local busy=() port
  for port in "${PORT[@]}" "${KAFKA_PORTS[@]}" "${MAIL_PORTS[@]}"; do
    port_open "$port" && busy+=("$port")
  done
  ((${#busy[@]} == 0)) || die "ports still taken after down: ${busy[*]}"
  say "down: every port this script uses is free"
}

part_health() {
  local part="$1"
  if ! running "$part"; then echo "stopped"; return; fi
  case "$part" in
    gateway) http_ok "http://127.0.0.1:${PORT[gateway]}/health" && echo "healthy" || echo "unhealthy" ;;
    kafka|mail|engine-dev) port_open "${PORT[$part]}" && echo "healthy" || echo "starting" ;;
    stripe-local) http_ok "http://127.0.0.1:${PORT[stripe-local]}/_local/health" && echo "healthy" || echo "unhealthy" ;;
    *) service_ready "$part" && echo "healthy" || echo "unhealthy" ;;
  esac
}

status() {
  local part url
  printf '\n%-22s %-38s %-10s %s\n' "PART" "URL" "HEALTH" "LOG"
  if [[ -n "$PG_ADMIN_URL" ]]; then
    printf '%-22s %-38s %-10s %s\n' postgres "external (ORCHESTRA_PG_ADMIN_URL)" "-" "-"
  else
    local pg_state="stopped" version; version="$(pg_version)"
    [[ -n "$version" ]] && pg_lsclusters -h 2>/dev/null | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online && pg_state="healthy"
    printf '%-22s %-38s %-10s %s\n' postgres "postgresql://127.0.0.1:${DB_PORT:-$(pg_local_port)}/orchestra" "$pg_state" "/var/log/postgresql/"
  fi
  printf '%-22s %-38s %-10s %s\n' kafka "kafka://$KAFKA_BOOTSTRAP" "$(part_health kafka)" "$(log_of kafka)"
  printf '%-22s %-38s %-10s %s\n' mail "smtp://127.0.0.1:3025 imap://:3143" "$(part_health mail)" "$(log_of mail)"
  if [[ -n "$ENGINE_ADDRESS" ]]; then
    printf '%-22s %-38s %-10s %s\n' engine "grpc://$ENGINE_ADDRESS (ORCHESTRA_ENGINE_ADDRESS)" "-" "-"
  else
    printf '%-22s %-38s %-10s %s\n' engine-dev "grpc://127.0.0.1:${PORT[engine-dev]}" "$(part_health engine-dev)" "$(log_of engine-dev)"
  fi
  if [[ -n "$STRIPE_EXTERNAL" ]]; then
    printf '%-22s %-38s %-10s %s\n' stripe "${STRIPE_API_BASE:-https://api.stripe.com} (STRIPE_API_KEY)" "-" "-"
  else
    printf '%-22s %-38s %-10s %s\n' stripe-local "http://127.0.0.1:${PORT[stripe-local]}" "$(part_health stripe-local)" "$(log_of stripe-local)"
  fi
  for part in "${SERVICES[@]}"; do
    url="http://127.0.0.1:${PORT[$part]}"
    printf '%-22s %-38s %-10s %s\n' "$part" "$url" "$(part_health "$part")" "$(log_of "$part")"
  done
  printf '%-22s %-38s %-10s %s\n' gateway "http://127.0.0.1:${PORT[gateway]}" "$(part_health gateway)" "$(log_of gateway) (+ gateway-access.log)"
  echo
}

stack_running() {
  local service
  for service in "${SERVICES[@]}" gateway engine-dev stripe-local; do running "$service" && return 0; done
  return 1
}
