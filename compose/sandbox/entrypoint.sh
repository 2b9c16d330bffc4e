#!/bin/bash
# Entrypoint of the sandbox host image: maps the container's ZM_* environment (set by the compose
# file) onto the env file of terraform/gcp/scripts/ziem-vm.sh and runs that script's units, so a
# sandbox container runs the same services and capture agent as a gcp sandbox VM.
#   host    the role's services (web: http; db: sshd on 22 and 2222, dns, ftp), in the foreground until one exits
#   agent   the capture agent on the network namespace it shares with its host (ZM_CAPTURE_*)
#   ready   exit 0 when the role's services listen (the container's healthcheck)
set -euo pipefail
ZIEM_HOME="${ZIEM_HOME:-/opt/ziem}"
VM="$ZIEM_HOME/bin/ziem-vm.sh"

die() {
  echo "ziem-sandbox: error: $*" >&2
  exit 1
}

write_env() {
  mkdir -p "$ZIEM_HOME"/{run,log,www,ssh}
  chmod 700 "$ZIEM_HOME/ssh"
  local f="$ZIEM_HOME/vm.env" v
  : >"$f"
  chmod 600 "$f"
  for v in $(compgen -e | grep '^ZM_' || true); do printf '%s=%q\n' "$v" "${!v}" >>"$f"; done
}

units() {
  case "${ZM_ROLE:-}" in
    web) echo http ;;
    db) echo sshd dns ftp ;;
    workstation | attacker) ;;
    *) die "unknown role \"${ZM_ROLE:-}\" in ZM_ROLE (expected web, db, workstation, attacker)" ;;
  esac
}

listening() { [ -n "$(ss "$1" "sport = :$2")" ]; }

ready() {
  case "${ZM_ROLE:-}" in
    web) listening -ltnH 80 ;;
    db) listening -ltnH 22 && listening -ltnH 2222 && listening -lunH 53 && listening -ltnH 21 ;;
    *) true ;;
  esac
}

host() {
  units >/dev/null
  write_env
  # the normal traffic logs into db with the client key ziem generated (mounted read-only)
  if [ "$ZM_ROLE" = db ]; then
    [ -r "${ZM_CLIENT_KEY:-}.pub" ] || die "the client key ${ZM_CLIENT_KEY:-}.pub is not mounted"
    cp "$ZM_CLIENT_KEY.pub" "$ZIEM_HOME/ssh/authorized_keys"
  fi
  local u list pids=()
  list="$(units)" # an unknown role stops here (set -e), before anything starts
  for u in $list; do
    "$VM" run "$u" &
    pids+=($!)
  done
  [ "${#pids[@]}" -gt 0 ] || exec sleep infinity
  trap 'kill "${pids[@]}" 2>/dev/null' TERM INT
  wait -n
  die "a service of $ZM_HOST exited"
}

case "${1:-host}" in
  host) host ;;
  agent) write_env && exec "$VM" run agent ;;
  ready) ready ;;
  *) die "unknown command \"$1\" (expected host, agent, ready)" ;;
esac
