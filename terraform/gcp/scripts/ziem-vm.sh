#!/bin/bash
# ziem's VM script: the startup script of every sandbox VM and of the mirroring collector.
# `boot` (what GCP runs, with no arguments) reads the VM's metadata, installs missing tools, builds
# the VXLAN overlay from the peer list in metadata (every peer's address is known before any VM
# exists, so nothing waits), and starts the role's services and the capture agent as systemd units
# that call back into this file (`run <unit>`). `stop` stops them again and removes the overlay.
#
# Inputs beside the metadata server (the test suite runs this very file in network namespaces):
#   ZIEM_METADATA_FILE   read the metadata from this JSON file (the metadata server's
#                        /computeMetadata/v1/?recursive=true shape) instead of the server
#   ZIEM_HOME            where the script, its env file, logs and keys live (default /opt/ziem)
#   ZM_CAPTURE_INTERFACE the interface the agent captures on (default the overlay; compose/sandbox
#                        sets eth0: a container on the sandbox network has no overlay)
#   ZIEM_SERVICE_RUNNER  systemd (default) or direct (background processes with pid files, for
#                        hosts without their own systemd, such as network namespaces)
set -euo pipefail

ZIEM_HOME="${ZIEM_HOME:-/opt/ziem}"
RUNNER="${ZIEM_SERVICE_RUNNER:-systemd}"
SELF="$ZIEM_HOME/bin/ziem-vm.sh"
ENV_FILE="$ZIEM_HOME/vm.env"
OVERLAY_IF=ziem0
VXLAN_PORT=4789
VXLAN_OVERHEAD=50
METADATA_URL="http://metadata.google.internal/computeMetadata/v1/?recursive=true"

log() { echo "ziem-vm: $*" >&2; }
die() {
  log "error: $*"
  exit 1
}

# --- metadata -------------------------------------------------------------------------------

fetch_metadata() {
  local out="$ZIEM_HOME/metadata.json"
  if [ -n "${ZIEM_METADATA_FILE:-}" ]; then
    [ -r "$ZIEM_METADATA_FILE" ] || die "metadata file $ZIEM_METADATA_FILE is not readable"
    cp "$ZIEM_METADATA_FILE" "$out"
  else
    local i
    for i in $(seq 1 30); do
      curl -fsS -H 'Metadata-Flavor: Google' "$METADATA_URL" -o "$out" && break
      [ "$i" -eq 30 ] && die "the metadata server did not answer ($METADATA_URL)"
      sleep 2
    done
  fi
  chmod 600 "$out"
}

# Every ziem-* attribute becomes ZM_<NAME> (ziem-capture-topic -> ZM_CAPTURE_TOPIC) in a shell
# env file, quoted, beside the VM's own VPC address; the required ones are checked here, by name.
write_env() {
  python3 - "$ZIEM_HOME/metadata.json" "$ENV_FILE" <<'PY'
import json, re, shlex, sys
src, dst = sys.argv[1], sys.argv[2]
try:
    doc = json.load(open(src))
    inst = doc["instance"]
    attrs = inst.get("attributes", {})
    ip = inst["networkInterfaces"][0]["ip"]
except (OSError, ValueError, KeyError, IndexError, TypeError) as e:
    sys.exit(f"ziem-vm: error: metadata in {src} has no instance attributes and interface IP ({e!r})")
role = attrs.get("ziem-role", "")
required = ["ziem-host", "ziem-role", "ziem-capture", "ziem-capture-topic", "ziem-capture-fields",
            "ziem-capture-filter", "ziem-kafka-bootstrap"]
if role != "collector":
    required += ["ziem-peers", "ziem-vxlan-vni", "ziem-overlay-ip", "ziem-overlay-mtu"]
missing = [k for k in required if not attrs.get(k)]
if missing:
    sys.exit("ziem-vm: error: metadata lacks " + ", ".join(missing))
lines = [f"ZM_INTERNAL_IP={shlex.quote(ip)}"]
for k, v in sorted(attrs.items()):
    if k.startswith("ziem-") and k != "ziem-compose-bundle":
        name = "ZM_" + re.sub(r"[^A-Z0-9]", "_", k[5:].upper())
        lines.append(f"{name}={shlex.quote(v)}")
with open(dst, "w") as f:
    f.write("\n".join(lines) + "\n")
PY
  chmod 600 "$ENV_FILE"
}

load_env() {
  [ -r "$ENV_FILE" ] || die "$ENV_FILE is missing: run boot first"
  # shellcheck disable=SC1090
  . "$ENV_FILE"
}

# --- packages -------------------------------------------------------------------------------

# command -> Debian package; only what the role uses and is missing gets installed
wanted_packages() {
  local pairs="tshark:tshark dumpcap:wireshark-common kcat:kcat ss:iproute2 bridge:iproute2 python3:python3"
  case "$ZM_ROLE" in
    db) pairs="$pairs sshd:openssh-server" ;;
    attacker) pairs="$pairs nmap:nmap hping3:hping3 sshpass:sshpass ssh:openssh-client curl:curl ping:iputils-ping" ;;
    workstation) pairs="$pairs ssh:openssh-client curl:curl ping:iputils-ping" ;;
  esac
  local p cmd pkg out=""
  for p in $pairs; do
    cmd="${p%%:*}" pkg="${p#*:}"
    [ -x "/usr/sbin/$cmd" ] || command -v "$cmd" >/dev/null 2>&1 || out="$out $pkg"
  done
  echo "$out" | tr ' ' '\n' | sort -u | tr '\n' ' '
}

# Sandbox VMs have no route out: they install through the stack VM's package proxy, from a
# sources list of their own (plain http, which the proxy caches). The proxy may still be
# starting when a sandbox VM boots, so apt is retried rather than waited for.
install_packages() {
  local pkgs
  pkgs="$(wanted_packages)"
  [ -z "${pkgs// /}" ] && return 0
  log "installing:$pkgs"
  local opts=()
  if [ "$ZM_ROLE" != collector ] && [ -n "${ZM_APT_PROXY:-}" ]; then
    local list="$ZIEM_HOME/apt-sources.list"
    printf '%s\n' "deb http://deb.debian.org/debian bookworm main" \
      "deb http://deb.debian.org/debian bookworm-updates main" \
      "deb http://deb.debian.org/debian-security bookworm-security main" >"$list"
    opts=(-o "Acquire::http::Proxy=$ZM_APT_PROXY" -o "Dir::Etc::sourcelist=$list" -o "Dir::Etc::sourceparts=-")
  fi
  export DEBIAN_FRONTEND=noninteractive
  local i
  for i in $(seq 1 60); do
    # word splitting of $pkgs is wanted: one argument per package
    # shellcheck disable=SC2086
    if apt-get "${opts[@]}" update -qq && apt-get "${opts[@]}" install -y -qq --no-install-recommends $pkgs; then
      return 0
    fi
    log "apt failed (attempt $i of 60); retrying in 10 s"
    sleep 10
  done
  die "could not install$pkgs"
}

# --- overlay --------------------------------------------------------------------------------

underlay_dev() {
  ip -o -4 addr show | awk -v ip="$ZM_INTERNAL_IP" '{split($4, a, "/"); if (a[1] == ip) {print $2; exit}}'
}

# One VXLAN device, head-end replication to every peer (an all-zero FDB entry per peer), MACs
# learned from what arrives: a flat L2 segment like the local sandbox's bridge.
build_overlay() {
  local dev peer
  dev="$(underlay_dev)"
  [ -n "$dev" ] || die "no interface holds this VM's address $ZM_INTERNAL_IP"
  ip link del "$OVERLAY_IF" 2>/dev/null || true
  ip link add "$OVERLAY_IF" type vxlan id "$ZM_VXLAN_VNI" dstport "$VXLAN_PORT" local "$ZM_INTERNAL_IP" dev "$dev"
  ip link set "$OVERLAY_IF" mtu "$ZM_OVERLAY_MTU"
  for peer in ${ZM_PEERS//,/ }; do
    [ "$peer" = "$ZM_INTERNAL_IP" ] && continue
    bridge fdb append 00:00:00:00:00:00 dev "$OVERLAY_IF" dst "$peer"
  done
  ip addr add "$ZM_OVERLAY_IP" dev "$OVERLAY_IF"
  ip link set "$OVERLAY_IF" up
  log "overlay $OVERLAY_IF $ZM_OVERLAY_IP (vni $ZM_VXLAN_VNI) over $dev to peers $ZM_PEERS"
}

overlay_ip() { echo "${ZM_OVERLAY_IP%/*}"; }

# --- units ----------------------------------------------------------------------------------

units_for_role() {
  case "$ZM_ROLE" in
    web) echo http ;;
    db) echo sshd dns ftp ;;
    collector) echo health ;;
    workstation | attacker) ;;
    *) die "unknown role \"$ZM_ROLE\" in metadata ziem-role (expected web, db, workstation, attacker, collector)" ;;
  esac
  if [ "$ZM_ROLE" = collector ] || [ "$ZM_CAPTURE" = agent ]; then echo agent; fi
}

start_unit() {
  local name="$1"
  if [ "$RUNNER" = systemd ]; then
    cat >"/etc/systemd/system/ziem-$name.service" <<EOF
[Unit]
Description=ziem sandbox $name ($ZM_HOST)
After=network-online.target
Wants=network-online.target

[Service]
ExecStart=$SELF run $name
Restart=always
RestartSec=2

[Install]
WantedBy=multi-user.target
EOF
    systemctl daemon-reload
    systemctl enable "ziem-$name.service" >/dev/null 2>&1
    systemctl restart "ziem-$name.service"
  elif [ "$RUNNER" = direct ]; then
    stop_direct "$name"
    # setsid: its own process group, so `stop` ends a whole pipeline at once
    setsid "$SELF" run "$name" >>"$ZIEM_HOME/log/$name.log" 2>&1 </dev/null &
    echo $! >"$ZIEM_HOME/run/$name.pid"
  else
    die "ZIEM_SERVICE_RUNNER must be systemd or direct, not \"$RUNNER\""
  fi
}

stop_direct() {
  local pidfile="$ZIEM_HOME/run/$1.pid" pid
  [ -r "$pidfile" ] || return 0
  pid="$(cat "$pidfile")"
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$pidfile"
}

# proto port: waits until something listens there (services answer before boot returns)
wait_listening() {
  local flag=-ltnH
  [ "$1" = udp ] && flag=-lunH
  for _ in $(seq 1 100); do
    [ -n "$(ss "$flag" "sport = :$2")" ] && return 0
    sleep 0.1
  done
  die "nothing listens on $2/$1 on $ZM_HOST: see $ZIEM_HOME/log/"
}

wait_unit() {
  case "$1" in
    http) wait_listening tcp 80 ;;
    sshd) wait_listening tcp 22 && wait_listening tcp 2222 ;;
    ftp) wait_listening tcp 21 ;;
    dns) wait_listening udp 53 ;;
    health) wait_listening tcp "${ZM_HEALTH_PORT:-8008}" ;;
  esac
}

# --- services (run in the foreground by their unit) -------------------------------------------

run_http() {
  printf '<html><body><h1>%s</h1><p>ziem sandbox web host</p></body></html>\n' "$ZM_HOST" >"$ZIEM_HOME/www/index.html"
  exec python3 -m http.server 80 --bind "$(overlay_ip)" --directory "$ZIEM_HOME/www"
}

# The same server as the local sandbox's db host (cli/sandbox/sshd-config.ts): key logins succeed,
# password logins (the brute force) always fail, and a session only prints a line. A second port,
# 2222: SSH on a non-standard port, as attackers meet it (found by its banner, not its port).
run_sshd() {
  local d="$ZIEM_HOME/ssh"
  [ -f "$d/host_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C ziem-sandbox-host -f "$d/host_ed25519"
  touch "$d/authorized_keys"
  cat >"$d/sshd_config" <<EOF
Port 22
Port 2222
ListenAddress $(overlay_ip)
HostKey $d/host_ed25519
PidFile $ZIEM_HOME/run/sshd-daemon.pid
AuthorizedKeysFile $d/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication yes
KbdInteractiveAuthentication no
StrictModes no
UsePAM no
ForceCommand echo ziem-sandbox-session
AllowTcpForwarding no
AllowAgentForwarding no
X11Forwarding no
PermitTunnel no
PrintMotd no
MaxAuthTries 3
MaxStartups 200:30:400
LoginGraceTime 10
LogLevel INFO
EOF
  mkdir -p /run/sshd
  exec /usr/sbin/sshd -D -e -f "$d/sshd_config"
}

# answers every datagram like a resolver would (the local sandbox's db host does the same)
run_dns() {
  exec python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], 53))
while True:
    data, peer = s.recvfrom(2048)
    s.sendto(data[:2] + b"\x81\x80" + data[4:], peer)
' "$(overlay_ip)"
}

# The local sandbox's FTP server (cli/sandbox/services.ts): RFC 959's control channel only, a 220
# greeting, 331 for every USER and 530 for every PASS, so each login attempt fails as on a real server.
run_ftp() {
  exec python3 -c '
import socketserver, sys
class H(socketserver.StreamRequestHandler):
    def handle(self):
        self.wfile.write(b"220 ziem sandbox FTP\r\n")
        for line in self.rfile:
            cmd = line.decode("latin-1").strip().split(" ")[0].upper()
            if cmd == "USER": self.wfile.write(b"331 Password required\r\n")
            elif cmd == "PASS": self.wfile.write(b"530 Login incorrect.\r\n")
            elif cmd == "QUIT": self.wfile.write(b"221 Goodbye.\r\n"); return
            else: self.wfile.write(b"530 Please login with USER and PASS.\r\n")
class S(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True
S((sys.argv[1], 21), H).serve_forever()
' "$(overlay_ip)"
}

run_health() {
  mkdir -p "$ZIEM_HOME/empty"
  exec python3 -m http.server "${ZM_HEALTH_PORT:-8008}" --directory "$ZIEM_HOME/empty"
}

# Mirrored frames reach the collector still in their VXLAN envelope: tshark then gives two values
# for ip.* (outer, inner) and an extra first udp.* (the envelope). Keep the inner packet only.
VXLAN_INNER_PY='
import json, sys
for line in sys.stdin:
    if not line.startswith("{\"timestamp\""):
        continue
    rec = json.loads(line)
    layers = rec.get("layers", {})
    if len(layers.get("ip_src", [])) >= 2:
        for k in [k for k in layers if k.startswith(("ip_", "udp_"))]:
            rest = layers[k][1:]
            if rest:
                layers[k] = rest
            else:
                del layers[k]
        if "frame_len" in layers:
            layers["frame_len"] = [str(int(v) - '"$VXLAN_OVERHEAD"') for v in layers["frame_len"]]
    sys.stdout.write(json.dumps(rec, separators=(",", ":")) + "\n")
    sys.stdout.flush()
'

# kcat -P reading a pipe holds records back until its input buffer fills or the pipe closes
# (measured: three lines 3 s apart, none in Kafka 20 s later), which on a quiet host means
# minutes. So records go to kcat in batches: one kcat per batch, whose end of input makes it send
# and wait for the acknowledgements. A failed batch is retried with backoff; meanwhile the pipe
# fills and the kernel counts what dumpcap could not take.
KCAT_BATCHES_PY='
import os, select, subprocess, sys, time
cmd, max_lines, max_wait = sys.argv[1:], 10000, 0.5
fd, rest, batch, since = sys.stdin.fileno(), b"", [], None
def send(lines):
    delay = 1
    while subprocess.run(cmd, input=b"".join(lines)).returncode != 0:
        sys.stderr.write("ziem-vm: kcat failed; retrying %d records in %d s\n" % (len(lines), delay))
        time.sleep(delay)
        delay = min(delay * 2, 30)
while True:
    timeout = None if since is None else max(0, since + max_wait - time.monotonic())
    ready, _, _ = select.select([fd], [], [], timeout)
    chunk = os.read(fd, 1 << 16) if ready else None
    if chunk:
        lines = (rest + chunk).split(b"\n")
        rest = lines.pop()
        batch += [l + b"\n" for l in lines if l]
        if batch and since is None:
            since = time.monotonic()
    if batch and (chunk == b"" or len(batch) >= max_lines or time.monotonic() - since >= max_wait):
        send(batch)
        batch, since = [], None
    if chunk == b"":
        break
'

# The capture agent (the same fields, tshark options and kcat settings as cli/sandbox/capture-*):
# on a sandbox VM, the overlay's outbound packets, so a packet between two sandbox VMs is captured
# once, at its sender; on the collector, the mirrored VXLAN frames, unwrapped. dumpcap writes
# pcap into the pipe (tshark capturing by itself would keep every packet in a temporary file that
# grows for as long as the agent runs); -M resets tshark's per-session state now and then, so a
# capture running for days stays small.
run_agent() {
  local iface filter decap=(cat)
  if [ "$ZM_ROLE" = collector ]; then
    iface="$(underlay_dev)"
    filter="udp dst port $VXLAN_PORT"
    decap=(python3 -u -c "$VXLAN_INNER_PY")
  else
    iface="${ZM_CAPTURE_INTERFACE:-$OVERLAY_IF}"
    filter="outbound and $ZM_CAPTURE_FILTER"
  fi
  local fields=() f
  for f in ${ZM_CAPTURE_FIELDS//,/ }; do fields+=(-e "$f"); done
  dumpcap -i "$iface" -s "${ZM_CAPTURE_SNAPLEN:-128}" -B "${ZM_CAPTURE_BUFFER_MB:-16}" -P -q -w - -f "$filter" |
    tshark -r - -l -n -M 100000 -T ek "${fields[@]}" -o tcp.desegment_tcp_streams:FALSE -o tcp.analyze_sequence_numbers:FALSE |
    grep --line-buffered '^{"timestamp"' |
    "${decap[@]}" |
    python3 -u -c "$KCAT_BATCHES_PY" kcat -P -b "$ZM_KAFKA_BOOTSTRAP" -t "$ZM_CAPTURE_TOPIC" \
      -X "linger.ms=${ZM_CAPTURE_LINGER_MS:-50}" -X queue.buffering.max.messages=1000000 \
      -X batch.num.messages=10000 -X compression.codec=none
}

# --- commands -------------------------------------------------------------------------------

# the VM's own sshd keeps to the VPC address, so the db role's sshd can own port 22 on the overlay
restrict_system_sshd() {
  [ "$RUNNER" = systemd ] && [ "$ZM_ROLE" = db ] || return 0
  echo "ListenAddress $ZM_INTERNAL_IP" >/etc/ssh/sshd_config.d/ziem-listen.conf
  systemctl restart ssh
}

# attack-sim's brute force sends its guess as SSHPASS through ssh's SendEnv (never argv): the
# attacker VM's own sshd (which `gcloud compute ssh` reaches over IAP) must accept that one name
accept_sshpass_env() {
  [ "$RUNNER" = systemd ] && [ "$ZM_ROLE" = attacker ] || return 0
  echo "AcceptEnv SSHPASS" >/etc/ssh/sshd_config.d/ziem-accept-env.conf
  systemctl reload ssh
}

boot() {
  mkdir -p "$ZIEM_HOME"/{bin,run,log,www,ssh}
  chmod 700 "$ZIEM_HOME" "$ZIEM_HOME/ssh"
  [ "$0" -ef "$SELF" ] || install -m 0755 "$0" "$SELF"
  fetch_metadata
  write_env
  load_env
  log "boot: host $ZM_HOST, role $ZM_ROLE, capture $ZM_CAPTURE, runner $RUNNER"
  install_packages
  [ "$ZM_ROLE" = collector ] || build_overlay
  restrict_system_sshd
  accept_sshpass_env
  local u units
  units="$(units_for_role)"
  for u in $units; do start_unit "$u"; done
  for u in $units; do wait_unit "$u"; done
  log "boot: started ${units:-no units}"
}

stop_all() {
  load_env
  local u
  for u in $(units_for_role); do
    if [ "$RUNNER" = systemd ]; then systemctl disable --now "ziem-$u.service" 2>/dev/null || true; else stop_direct "$u"; fi
  done
  ip link del "$OVERLAY_IF" 2>/dev/null || true
}

main() {
  local cmd="${1:-boot}"
  case "$cmd" in
    boot) boot ;;
    stop) stop_all ;;
    run)
      load_env
      case "${2:-}" in
        http) run_http ;;
        sshd) run_sshd ;;
        dns) run_dns ;;
        ftp) run_ftp ;;
        health) run_health ;;
        agent) run_agent ;;
        *) die "unknown unit \"${2:-}\" (expected http, sshd, dns, ftp, health, agent)" ;;
      esac
      ;;
    *) die "unknown command \"$cmd\" (expected boot, stop, run <unit>)" ;;
  esac
}

main "$@"
