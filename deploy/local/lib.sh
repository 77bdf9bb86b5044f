# Sourced by ./orchestra: output, processes and waiting, shared by the other parts. Uses the settings ./orchestra defines (ROOT, STATE, PORT, ...).

if [[ -t 1 ]]; then BOLD=$'\e[1m'; RED=$'\e[31m'; GREEN=$'\e[32m'; YELLOW=$'\e[33m'; RESET=$'\e[0m'
else BOLD=""; RED=""; GREEN=""; YELLOW=""; RESET=""; fi

say()  { printf '%s==>%s %s\n' "$BOLD" "$RESET" "$*"; }
warn() { printf '%s!!%s %s\n' "$YELLOW" "$RESET" "$*" >&2; }
die()  { printf '%serror:%s %s\n' "$RED" "$RESET" "$*" >&2; exit 1; }

ensure_dirs() { mkdir -p "$LOGS" "$PIDS"; }

pid_of() { [[ -f "$PIDS/$1.pid" ]] && cat "$PIDS/$1.pid" || true; }

# A pid file survives reboots and pids get reused: the process must also be one of ours (its
# command line names this checkout).
running() {
  local pid; pid="$(pid_of "$1")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$ROOT"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

http_ok() { curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null; }

require_tools() {
  local tool missing=()
  for tool in curl git; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  ((${#missing[@]} == 0)) || die "missing: ${missing[*]} (Debian: sudo apt-get install ${missing[*]})"
  local version; version="$("$(java_bin)" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  [[ "${version%%.*}" -ge 17 ]] 2>/dev/null || die "a JDK 17 or newer is needed (found java ${version:-none}); set JAVA_HOME"
}

java_bin() {
  if [[ -n "${JAVA_HOME:-}" ]]; then echo "$JAVA_HOME/bin/java"; else command -v java || die "no java on PATH: install a JDK 17 or newer"; fi
}

# start PART LOGFILE COMMAND...: runs the command in a session of its own (so that down can stop it
# with all its children) and records its pid.
start_process() {
  local part="$1" log="$2"; shift 2
  ensure_dirs
  printf '\n----- %s: starting %s\n' "$(date -u +%FT%TZ)" "$part" >>"$log"
  # 9>&-: the long-running part must not inherit the command lock.
  setsid "$@" >>"$log" 2>&1 </dev/null 9>&- &
  echo $! >"$PIDS/$part.pid"
}

# stop PART: TERM to the part's whole process group, KILL after 20 s.
stop_process() {
  local part="$1" pid
  pid="$(pid_of "$part")"
  if ! running "$part"; then rm -f "$PIDS/$part.pid"; return 0; fi
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    warn "$part did not stop within 20 s; killing it"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$PIDS/$part.pid"
  say "stopped $part"
}

# wait_for PART TEST-COMMAND...: progress dots until the test passes, the process dies or time runs out.
wait_for() {
  local part="$1"; shift
  local deadline=$((SECONDS + HEALTH_TIMEOUT))
  printf '    waiting for %s ' "$part"
  while ! "$@"; do
    if ! running "$part"; then printf '%sexited%s\n' "$RED" "$RESET"; fail_part "$part" "its process exited"; fi
    if ((SECONDS > deadline)); then printf '%stimeout%s\n' "$RED" "$RESET"; fail_part "$part" "not healthy after ${HEALTH_TIMEOUT}s"; fi
    printf '.'; sleep 1
  done
  printf ' %sup%s\n' "$GREEN" "$RESET"
}

fail_part() {
  local part="$1" why="$2"
  printf '%serror:%s %s did not become healthy: %s. Last lines of %s:\n' "$RED" "$RESET" "$part" "$why" "$(log_of "$part")" >&2
  tail -n 40 "$(log_of "$part")" >&2 2>/dev/null || true
  exit 1
}

log_of() { echo "$LOGS/$1.log"; }

maven() { "$ROOT/mvnw" -B -q "$@"; }

install_package() {
  local package="$1" command="$2"
  if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null; then
    say "installing $package (apt-get install $package)"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >"$LOGS/apt-$package.log" 2>&1 \
      || die "apt-get install $package failed; see $LOGS/apt-$package.log"
  else
    die "$command is missing: install it (Debian: sudo apt-get install $package)"
  fi
}
