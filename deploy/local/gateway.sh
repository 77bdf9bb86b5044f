# Sourced by ./orchestra: the nginx gateway, rendered from deploy/gateway/templates/orchestra.conf.template. Uses the settings ./orchestra defines (ROOT, STATE, PORT, ...).

# render_gateway DIR [VAR=VALUE...]: the gateway's template with this stack's addresses, into DIR.
# Also used by the end-to-end tests to run a gateway of their own.
render_gateway() {
  local dir="$1"; shift
  command -v envsubst >/dev/null || install_package gettext-base envsubst
  mkdir -p "$dir/tmp"
  (
    export GATEWAY_LISTEN="127.0.0.1:${PORT[gateway]}" ACCESS_LOG="$LOGS/gateway-access.log" ERROR_LOG="$LOGS/gateway.log"
    # Each service's address under its variable of deploy/local/services.txt (AUTH_ADDR=127.0.0.1:8081, ...).
    local service variables=""
    for service in "${SERVICES[@]}"; do
      export "${GATEWAY_VARIABLE[$service]}=127.0.0.1:${PORT[$service]}"
      variables+=" \${${GATEWAY_VARIABLE[$service]}}"
    done
    export AUTH_RATE_LIMIT="${ORCHESTRA_AUTH_RATE_LIMIT:-10r/s}" AUTH_RATE_BURST="${ORCHESTRA_AUTH_RATE_BURST:-20}"
    export WS_RATE_LIMIT="${ORCHESTRA_WS_RATE_LIMIT:-10r/s}" WS_RATE_BURST="${ORCHESTRA_WS_RATE_BURST:-50}"
    export TRUSTED_PROXIES_FILE="$dir/trusted-proxies.conf" TRUSTED_PROXIES="${ORCHESTRA_TRUSTED_PROXIES:-}"
    export PUBLIC_API_DIR="$ROOT/deploy/openapi/target/public"
    local assignment
    for assignment in "$@"; do export "${assignment?}"; done
    # ORCHESTRA_TRUSTED_PROXIES (or TRUSTED_PROXIES=...): addresses or CIDRs, space- or comma-separated.
    local proxy
    {
      echo "# Rendered by ./orchestra: the proxies whose X-Forwarded-For the gateway believes."
      for proxy in ${TRUSTED_PROXIES//,/ }; do echo "set_real_ip_from $proxy;"; done
    } >"$TRUSTED_PROXIES_FILE"
    envsubst '${GATEWAY_LISTEN} ${ACCESS_LOG} ${AUTH_RATE_LIMIT} ${AUTH_RATE_BURST} ${WS_RATE_LIMIT} ${WS_RATE_BURST} ${TRUSTED_PROXIES_FILE} ${PUBLIC_API_DIR}'"$variables" \
      <"$ROOT/deploy/gateway/templates/orchestra.conf.template" >"$dir/orchestra.conf"
    local user_line=""
    # As root, nginx's workers would run as nobody, who may not reach the temp folders inside this
    # checkout (under /root, say): locally they keep the invoking user.
    if [[ $EUID -eq 0 ]]; then user_line="user root root;"; fi
    cat >"$dir/nginx.conf" <<EOF
# Rendered by ./orchestra: the local main context around deploy/gateway/templates/orchestra.conf.template.
$user_line
worker_processes 2;
pid $dir/nginx.pid;
error_log ${ERROR_LOG:-$dir/error.log} warn;
events { worker_connections 4096; }
http {
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    include $dir/orchestra.conf;
}
EOF
  )
}

gateway_up() {
  ensure_dirs
  command -v nginx >/dev/null || install_package nginx-light nginx
  # (On a first start there is nothing to compare: cat fails, and must not end the script.)
  local before; before="$({ cat "$STATE/gateway/orchestra.conf" "$STATE/gateway/nginx.conf" 2>/dev/null || true; } | sha1sum)"
  render_gateway "$STATE/gateway"
  if running gateway; then
    # Reloaded only when its config changed, and only with a config that passes nginx -t.
    if [[ "$before" != "$(cat "$STATE/gateway/orchestra.conf" "$STATE/gateway/nginx.conf" | sha1sum)" ]]; then
      nginx -t -q -p "$STATE/gateway" -c "$STATE/gateway/nginx.conf" -e "$LOGS/gateway.log" \
        || die "the rendered gateway config is invalid: $STATE/gateway/nginx.conf"
      say "reloading the gateway (its config changed)"
      nginx -p "$STATE/gateway" -c "$STATE/gateway/nginx.conf" -e "$LOGS/gateway.log" -s reload
    fi
    return 0
  fi
  if port_open "${PORT[gateway]}"; then die "port ${PORT[gateway]} (gateway) is taken by a process this script did not start"; fi
  nginx -t -q -p "$STATE/gateway" -c "$STATE/gateway/nginx.conf" -e "$LOGS/gateway.log" \
    || die "the rendered gateway config is invalid: $STATE/gateway/nginx.conf"
  say "starting the gateway (nginx) on 127.0.0.1:${PORT[gateway]}"
  start_process gateway "$(log_of gateway)" nginx -p "$STATE/gateway" -c "$STATE/gateway/nginx.conf" \
    -e "$LOGS/gateway.log" -g 'daemon off;'
  wait_for gateway http_ok "http://127.0.0.1:${PORT[gateway]}/health"
}
