# Sourced by ./orchestra: PostgreSQL, the system cluster or an external server (ORCHESTRA_PG_ADMIN_URL). Uses the settings ./orchestra defines (ROOT, STATE, PORT, ...).

pg_version() { ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1; }

pg_local_port() {
  local version; version="$(pg_version)"
  sed -n 's/^port *= *\([0-9]*\).*/\1/p' "/etc/postgresql/$version/main/postgresql.conf" 2>/dev/null | head -n 1
}

psql_admin() {
  local PGOPTIONS="-c client_min_messages=warning"; export PGOPTIONS
  if [[ -n "$PG_ADMIN_URL" ]]; then
    # The URL names a database at its end; "-d DB" swaps it for DB.
    local url="$PG_ADMIN_URL"
    if [[ "${1:-}" == "-d" ]]; then url="${PG_ADMIN_URL%/*}/$2"; shift 2; fi
    psql "$url" -X -q -v ON_ERROR_STOP=1 "$@"
  elif [[ $EUID -eq 0 ]]; then
    (cd / && runuser -u postgres -- psql -p "$DB_PORT" -X -q -v ON_ERROR_STOP=1 "$@")
  else
    psql -h 127.0.0.1 -p "$DB_PORT" -U postgres -w -X -q -v ON_ERROR_STOP=1 "$@"
  fi
}

postgres_up() {
  if [[ -z "$PG_ADMIN_URL" ]]; then
    if [[ -z "$(pg_version)" ]]; then
      if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null; then
        say "installing PostgreSQL (apt-get install postgresql)"
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >"$LOGS/apt-postgresql.log" 2>&1 \
          || die "apt-get install postgresql failed; see $LOGS/apt-postgresql.log"
      else
        die "PostgreSQL is not installed. Install it (Debian: sudo apt-get install postgresql) or point ORCHESTRA_PG_ADMIN_URL at a server."
      fi
    fi
    DB_PORT="${DB_PORT:-$(pg_local_port)}"
    local version; version="$(pg_version)"
    if ! pg_lsclusters -h 2>/dev/null | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
      say "starting PostgreSQL $version (system cluster)"
      if [[ $EUID -eq 0 ]]; then
        pg_ctlcluster --skip-systemctl-redirect "$version" main start 9>&-
      else
        pg_ctlcluster "$version" main start 2>/dev/null 9>&- || die "cannot start the PostgreSQL cluster; start it as root: sudo pg_ctlcluster $version main start"
      fi
      # Remembered, so that down stops only what this script started.
      touch "$PIDS/postgres.started"
    fi
  fi
  DB_PORT="${DB_PORT:-5432}"
  for _ in $(seq 1 30); do psql_admin -c 'select 1' >/dev/null 2>&1 && break; sleep 1; done
  psql_admin -c 'select 1' >/dev/null || die "cannot connect to PostgreSQL as a superuser: run as root, put the postgres password in ~/.pgpass, or set ORCHESTRA_PG_ADMIN_URL=postgresql://postgres:PASSWORD@HOST:PORT/postgres"
  postgres_setup
}

# Idempotent: both databases, then in each a login role and a schema per service, with rights on its
# own only (deploy/local/postgres-setup.sql).
postgres_setup() {
  local db role
  for db in orchestra orchestra_test; do
    if [[ -z "$(psql_admin -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]]; then
      psql_admin -d postgres -c "CREATE DATABASE $db" >/dev/null
    fi
    local roles=("${ROLES[@]}")
    [[ "$db" == orchestra_test ]] && roles+=(platform)
    for role in "${roles[@]}"; do
      psql_admin -d "$db" -v role="$role" -v password="$role-local-only" -v db="$db" \
        <"$ROOT/deploy/local/postgres-setup.sql" >/dev/null
    done
  done
}

# A benchmark peer's own database (./orchestra bench NAME --peer parse): NAME, owned by a role NAME,
# made afresh so that every run starts from nothing. Never one of the stack's databases.
postgres_peer_database() {
  local name="$1" password="$2"
  [[ "$name" =~ ^[a-z_]+_bench$ ]] || die "not a benchmark peer's database name: $name"
  DB_PORT="${DB_PORT:-$(pg_local_port)}"; DB_PORT="${DB_PORT:-5432}"
  psql_admin -d postgres -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null
  psql_admin -d postgres -c "DO \$\$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$name') THEN CREATE ROLE $name LOGIN PASSWORD '$password'; END IF;
    END \$\$" >/dev/null
  psql_admin -d postgres -c "CREATE DATABASE $name OWNER $name" >/dev/null
}

postgres_down() {
  if [[ -f "$PIDS/postgres.started" && -z "$PG_ADMIN_URL" ]]; then
    local version; version="$(pg_version)"
    if [[ $EUID -eq 0 ]]; then pg_ctlcluster --skip-systemctl-redirect "$version" main stop; else pg_ctlcluster "$version" main stop; fi
    rm -f "$PIDS/postgres.started"
    say "stopped PostgreSQL (this script had started it)"
  fi
}
