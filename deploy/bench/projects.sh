#!/usr/bin/env bash
# ./orchestra bench projects [--peer parse] — project-service's create, get, list and update through the
# gateway, beside pgbench running the equivalent SQL (the insert with its outbox row; the select by key) at
# the same concurrency in the same run; with --peer parse, beside Parse Server doing the same creates and
# gets right after (its own users, projects and ACLs; its own database), with the same wrk settings.
#
# 32 accounts with 5 projects each (the free plan's limit); "create" is a file create (500 a project on
# the free plan: 80,000 in all, more than a run makes), "get" a project by id, "list" the account's
# projects, "update" a project's name (unconditional, each a new version and event).
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

DURATION="${BENCH_DURATION:-15s}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
THREADS=2
ACCOUNTS=32
declare -A RPS P50 P99 ERR PARSE_RPS PARSE_P50 PARSE_P99 PARSE_ERR
bench_peer_args "$@"

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

# run_wrk OP [POOL URL]: OP's script for DURATION after a 5 s warm-up (JIT); prints "req/s p50 p99 errors".
run_wrk() {
  local op="$1" pool="${2:-$POOL}" url="${3:-$BENCH_URL}" out="$BENCH_DIR/wrk-projects-$1.txt"
  BENCH_POOL="$pool" BENCH_THREADS="$THREADS" BENCH_LIB="$ROOT/deploy/bench/projects/pool.lua" \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -s "$ROOT/deploy/bench/projects/$op.lua" "$url" >/dev/null
  bench_cpu_mark "$BENCH_DIR/cpu-mark"
  BENCH_POOL="$pool" BENCH_THREADS="$THREADS" BENCH_LIB="$ROOT/deploy/bench/projects/pool.lua" \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$ROOT/deploy/bench/projects/$op.lua" "$url" >"$out"
  # Where the CPU went: counted until the work the run left downstream is done too.
  bench_wait_quiet
  bench_cpu_report "$BENCH_DIR/cpu-mark" "$(awk '/requests in/ {print $1}' "$out")" >"$BENCH_DIR/cpu-$op.txt"
  local rps p50 p99 errors
  rps="$(awk '/^Requests\/sec:/ {print $2}' "$out")"
  p50="$(awk '$1 == "50%" {print $2}' "$out")"
  p99="$(awk '$1 == "99%" {print $2}' "$out")"
  errors="$(awk '/Non-2xx or 3xx responses:/ {print $5}' "$out")"
  echo "$rps ${p50:-?} ${p99:-?} ${errors:-0}"
}

# The equivalent SQL runs as project-service's own role in scratch tables beside the stack's own
# (copied from them with LIKE, so the stack must have migrated its schema: it is up by now), dropped
# before and after.
export PGPASSWORD=project-local-only
PG=(-h 127.0.0.1 -p "${ORCHESTRA_DB_PORT:-5432}" -U project -d orchestra)
PGOPTIONS="-c client_min_messages=warning" psql "${PG[@]}" -q -v ON_ERROR_STOP=1 <<'SQL'
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

# Quiet first (the accounts' events); after each run, run_wrk has waited for its own work to be done.
bench_wait_quiet
for op in create get list update; do
  bench_say "$op: 5 s warm-up (JIT), then wrk -t$THREADS -c$CONNECTIONS -d$DURATION"
  read -r RPS[$op] P50[$op] P99[$op] ERR[$op] < <(run_wrk "$op")
done
# Nothing dropped downstream: every file the creates made (the pool's projects) is in sync-service's
# change log and none waits to be indexed (each read as that service's own role; the runs above left the
# machine quiet, so their work is done).
PROJECT_IDS="{$(awk '{print $2}' "$POOL" | paste -sd, -)}"
db_count() { PGPASSWORD="$1-local-only" psql -h 127.0.0.1 -p "${ORCHESTRA_DB_PORT:-5432}" -U "$1" -d orchestra -tAc "$2"; }
FILES_MADE="$(db_count project "select count(*) from files where project_id = any('$PROJECT_IDS'::uuid[]) and not deleted")"
FILES_LOGGED="$(db_count sync "select count(*) from entities where entity = 'file' and project_id = any('$PROJECT_IDS'::uuid[]) and not deleted")"
FILES_WAITING="$(db_count engine "select count(*) from jobs where project_id = any('$PROJECT_IDS'::uuid[])")"

bench_say "pgbench -c$CONNECTIONS -j$THREADS -T${DURATION%s}: insert + outbox row; select by key"
read -r PG_CREATE PG_CREATE_LAT < <(run_pgbench pgbench-create.sql)
read -r PG_GET PG_GET_LAT < <(run_pgbench pgbench-get.sql)
psql "${PG[@]}" -q -c "drop table if exists bench_files, bench_outbox, bench_projects;"

if [[ "$PEER" == parse ]]; then
  parse_up
  PARSE_POOL="$BENCH_DIR/projects-parse-pool.txt"
  : >"$PARSE_POOL"
  bench_say "Parse: $ACCOUNTS users with 5 projects each (ACL: the owner only)"
  for a in $(seq 1 "$ACCOUNTS"); do
    read -r session user < <(parse_sign_up "bench-projects-$(date +%s%N)-$a@bench.example.com")
    for p in 1 2 3 4 5; do
      project="$(parse_call POST /classes/BenchProject "{\"name\":\"bench $p\",\"ACL\":{\"$user\":{\"read\":true,\"write\":true}}}" "$session" \
        | sed 's/.*"objectId":"\([^"]*\)".*/\1/')"
      echo "$session $project $user" >>"$PARSE_POOL"
    done
  done
  for op in create get; do
    bench_say "Parse $op: 5 s warm-up, then wrk -t$THREADS -c$CONNECTIONS -d$DURATION on $PARSE_URL"
    read -r PARSE_RPS[$op] PARSE_P50[$op] PARSE_P99[$op] PARSE_ERR[$op] < <(run_wrk "parse-$op" "$PARSE_POOL" "http://127.0.0.1:$PARSE_PORT")
  done
  PARSE_RSS="$(bench_peak_rss_mib "$PARSE_PID")"
  parse_down
fi

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f%%", 100 * a / b }'; }
printf '\n%-24s %9s %9s %9s %7s   %s\n' "" "req/s" "p50" "p99" "errors" "beside, in the same run"
printf '%-24s %9s %9s %9s %7s   pgbench insert+outbox %s tps (%s ms avg): %s of the database (target: 30%%)\n' "create (file)" \
  "${RPS[create]}" "${P50[create]}" "${P99[create]}" "${ERR[create]}" "$PG_CREATE" "$PG_CREATE_LAT" "$(ratio "${RPS[create]}" "$PG_CREATE")"
printf '%-24s %9s %9s %9s %7s   pgbench select %s tps (%s ms avg): %s of the database (target: 35%%)\n' "get (project)" \
  "${RPS[get]}" "${P50[get]}" "${P99[get]}" "${ERR[get]}" "$PG_GET" "$PG_GET_LAT" "$(ratio "${RPS[get]}" "$PG_GET")"
printf '%-24s %9s %9s %9s %7s\n' "list (own projects)" "${RPS[list]}" "${P50[list]}" "${P99[list]}" "${ERR[list]}"
printf '%-24s %9s %9s %9s %7s\n' "update (project name)" "${RPS[update]}" "${P50[update]}" "${P99[update]}" "${ERR[update]}"
if [[ "$PEER" == parse ]]; then
  printf '%-24s %9s %9s %9s %7s   ours: %s of Parse'"'"'s rate (target: at least 100%%)\n' "Parse create (object)" \
    "${PARSE_RPS[create]}" "${PARSE_P50[create]}" "${PARSE_P99[create]}" "${PARSE_ERR[create]}" "$(ratio "${RPS[create]}" "${PARSE_RPS[create]}")"
  printf '%-24s %9s %9s %9s %7s   ours: %s of Parse'"'"'s rate\n' "Parse get (object)" \
    "${PARSE_RPS[get]}" "${PARSE_P50[get]}" "${PARSE_P99[get]}" "${PARSE_ERR[get]}" "$(ratio "${RPS[get]}" "${PARSE_RPS[get]}")"
  printf '%-24s %6s MiB (pid %s, VmHWM; node, direct on its port: no gateway in front)\n' "Parse Server peak RSS" "$PARSE_RSS" "$PARSE_PID"
else
  echo "Parse Server: not run this time (./orchestra bench projects --peer parse runs it beside)"
fi
for op in create get; do printf '%-24s %s\n' "$op:" "$(cat "$BENCH_DIR/cpu-$op.txt")"; done
printf '%-24s %s files made; %s in sync-service'"'"'s change log; %s waiting in engine-gateway'"'"'s jobs\n' "downstream:" \
  "$FILES_MADE" "$FILES_LOGGED" "$FILES_WAITING"
if [[ "$FILES_MADE" == 0 || "$FILES_MADE" != "$FILES_LOGGED" || "$FILES_WAITING" != 0 ]]; then
  echo "error: not every create reached the change log and the index" >&2
  exit 1
fi
printf '%-24s %6s MiB (pid %s, VmHWM)\n' "project-service peak RSS" "$(bench_peak_rss_mib "$PID")" "$PID"
