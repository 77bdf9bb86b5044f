# Sourced by ./orchestra: the mail catcher (GreenMail standalone: SMTP, IMAP and its web API). Uses the settings ./orchestra defines (ROOT, STATE, PORT, ...).

mail_jar() { echo "$STATE/mail/greenmail-standalone.jar"; }

mail_up() {
  if [[ ! -f "$(mail_jar)" ]]; then
    say "fetching GreenMail (the local mail catcher) from Maven Central"
    maven -f "$ROOT/deploy/local/pom.xml" -Pmail
  fi
  if ! running mail; then
    local port
    for port in "${MAIL_PORTS[@]}"; do
      if port_open "$port"; then die "port $port (mail catcher) is taken by a process this script did not start; stop it first"; fi
    done
    say "starting the mail catcher: SMTP 127.0.0.1:3025, IMAP 127.0.0.1:3143"
    # Its HTTP API would take 8080 (the gateway's port) by default: moved to 8025.
    start_process mail "$(log_of mail)" "$(java_bin)" -Xmx256m \
      -Dgreenmail.setup.test.smtp -Dgreenmail.setup.test.imap -Dgreenmail.hostname=127.0.0.1 \
      -Dgreenmail.auth.disabled -Dgreenmail.api.hostname=127.0.0.1 -Dgreenmail.api.port=8025 \
      -jar "$(mail_jar)"
  fi
  wait_for mail port_open 3025
}
