#!/usr/bin/env bash
# ./orchestra bench projects — project-service's create, get, list and update through the gateway,
# beside pgbench running the equivalent SQL (the insert with its outbox row; the select by key) at the
# same concurrency in the same run, and beside Parse Server's figures measured earlier on this machine kind.
#
# 32 accounts with 5 projects each (the free plan's limit); "create" is a file create (500 a project on
# the free plan: 80,000 in all, more than a run makes), "get" a project by id, "list" the account's
# projects, "update" a project's name (unconditional, each a new version and event).
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

DURATION="${BENCH_DURATION:-15s}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
THREADS=2
ACCOUNTS=32
declare -A RPS P50 P99 ERR

bench_require wrk
bench_require pgbench postgresql-contrib
bench_say "stack up, benchmark gateway on $BENCH_URL"
bench_stack_up
PID="$(bench_service_pid project-service)"

POOL="$BENCH_DIR/projects-pool.txt"
: >"$POOL"
bench_say "making $ACCOUNTS accounts with 5 projects each"
for a in $(seq 1 "$ACCOUNTS"); do
  token="$(curl -fsS -H 'Content-Type: application/json' \
    -d "{\"email\":\"bench-projects-$(date +%s%N)-$a@bench.example.com\",\"name\":\"Bench\",\"password\":\"bench password 123\"}" \
    "$BENCH_URL/auth/register" | sed 's/.*"access_token":"\([^"]*\)".*/\1/')"
  for p in 1 2 3 4 5; do
    project="$(curl -fsS -H 'Content-Type: application/json' -H "Authorization: Bearer $token" -d "{\"name\":\"bench $p\"}" \
      "$BENCH_URL/api/v1/projects" | sed 's/.*"data":{"id":"\([^"]*\)".*/\1/')"
    echo "$token $project" >>"$POOL"
  done
done

run_wrk() {
  local op="$1" out="$BENCH_DIR/wrk-projects-$1.txt"
  BENCH_POOL="$POOL" BENCH_THREADS="$THREADS" BENCH_LIB="$ROOT/deploy/bench/projects/pool.lua" \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$ROOT/deploy/bench/projects/$op.lua" "$BENCH_URL" >"$out"
  local rps p50 p99 errors
  rps="$(awk '/^Requests\/sec:/ {print $2}' "$out")"
  p50="$(awk '$1 == "50%" {print $2}' "$out")"
  p99="$(awk '$1 == "99%" {print $2}' "$out")"
  errors="$(awk '/Non-2xx or 3xx responses:/ {print $5}' "$out")"
  echo "$rps ${p50:-?} ${p99:-?} ${errors:-0}"
}

# The equivalent SQL runs on the test database, as project-service's own role, in scratch tables
# (the next module test run's Flyway clean removes them; the script drops them too).
export PGPASSWORD=project-local-only
PG=(-h 127.0.0.1 -p "${ORCHESTRA_DB_PORT:-5432}" -U project -d orchestra_test)
psql "${PG[@]}" -q -v ON_ERROR_STOP=1 <<'SQL'
drop table if exists bench_files, bench_outbox, bench_projects;
-- Same columns, defaults, generated columns, checks and indexes as the service's tables (LIKE copies
-- no foreign key).
create table bench_files (like files including all);
create table bench_outbox (like outbox including all);
-- Projects keyed by uuid like the service's (id n is md5(n)::uuid, so pgbench can name one at random).
create table bench_projects (like projects including all);
insert into bench_projects (id, owner_id, name, path, settings, version, created_at, updated_at, deleted)
  select md5(g::text)::uuid, gen_random_uuid(), 'bench ' || g, null, '{}', 1, now(), now(), false from generate_series(1, 160) g;
SQL
run_pgbench() {
  pgbench "${PG[@]}" -n -c "$CONNECTIONS" -j "$THREADS" -T "${DURATION%s}" -f "$ROOT/deploy/bench/projects/$1" 2>&1 \
    | awk '/^tps = / {tps=$3} /^latency average/ {lat=$4} END {print tps, lat}'
}

for op in create get list update; do
  bench_say "$op: 5 s warm-up (JIT), then wrk -t$THREADS -c$CONNECTIONS -d$DURATION"
  BENCH_POOL="$POOL" BENCH_THREADS="$THREADS" BENCH_LIB="$ROOT/deploy/bench/projects/pool.lua" \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -s "$ROOT/deploy/bench/projects/$op.lua" "$BENCH_URL" >/dev/null
  read -r RPS[$op] P50[$op] P99[$op] ERR[$op] < <(run_wrk "$op")
done
bench_say "pgbench -c$CONNECTIONS -j$THREADS -T${DURATION%s}: insert + outbox row; select by key"
read -r PG_CREATE PG_CREATE_LAT < <(run_pgbench pgbench-create.sql)
read -r PG_GET PG_GET_LAT < <(run_pgbench pgbench-get.sql)
psql "${PG[@]}" -q -c "drop table if exists bench_files, bench_outbox, bench_projects;"

printf '\n%-28s %10s %9s %9s %7s   %s\n' "" "req/s" "p50" "p99" "errors" "beside"
printf '%-28s %10s %9s %9s %7s   pgbench insert+outbox %s tps (%s ms avg): %s; Parse Server 750 r/s\n' "create (file)" "${RPS[create]}" \
  "${P50[create]}" "${P99[create]}" "${ERR[create]}" "$PG_CREATE" "$PG_CREATE_LAT" \
  "$(awk -v a="${RPS[create]}" -v b="$PG_CREATE" 'BEGIN { printf "%.0f%% of the database (target: 50%%)", 100 * a / b }')"
printf '%-28s %10s %9s %9s %7s   pgbench select %s tps (%s ms avg): %s; %s\n' "get (project)" "${RPS[get]}" \
  "${P50[get]}" "${P99[get]}" "${ERR[get]}" "$PG_GET" "$PG_GET_LAT" \
  "$(awk -v a="${RPS[get]}" -v b="$PG_GET" 'BEGIN { printf "%.0f%% of the database", 100 * a / b }')" \
  "$(awk -v a="${RPS[get]}" 'BEGIN { printf "%.1f× Parse Server'"'"'s 718 r/s (target: 5×)", a / 718 }')"
printf '%-28s %10s %9s %9s %7s   Parse Server (own projects, indexed) 718 r/s\n' "list (own projects)" "${RPS[list]}" \
  "${P50[list]}" "${P99[list]}" "${ERR[list]}"
printf '%-28s %10s %9s %9s %7s\n' "update (project name)" "${RPS[update]}" "${P50[update]}" "${P99[update]}" "${ERR[update]}"
printf '%-28s %7s MiB (pid %s, VmHWM)\n' "project-service peak RSS" "$(bench_peak_rss_mib "$PID")" "$PID"
