#!/bin/bash
# ziem's stack VM startup script: installs Docker Engine with the Compose plugin and the package
# proxy (apt-cacher-ng) the sandbox VMs install through, fetches the stack bundle (metadata
# ziem-stack-bundle: <bucket>/<object> in the sandbox's private bucket, read with this VM's service
# account; compose/ with dist/, the npm manifests and the UDF jar its images and ksqlDB take from
# the repository), and runs compose/docker-compose.yml with `docker compose up -d --wait` under a
# systemd unit, so a reboot brings the stack back.
# Kafka must be advertised on this VM's internal address: the compose file reads
# ZIEM_ADVERTISED_HOST (and publishes its ports on ZIEM_BIND_ADDRESS) from the .env file written
# here. Generated secrets (Neo4j's password, the map's token) stay on the VM (0600).
set -euo pipefail

ZIEM_HOME="${ZIEM_HOME:-/opt/ziem}"
MD="http://metadata.google.internal/computeMetadata/v1/instance/attributes"

log() { echo "ziem-stack: $*" >&2; }
die() {
  log "error: $*"
  exit 1
}
md() { curl -fsS -H 'Metadata-Flavor: Google' "$MD/$1"; }

install_docker() {
  command -v docker >/dev/null 2>&1 && docker compose version >/dev/null 2>&1 && return 0
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq ca-certificates curl gnupg
  install -m 0755 -d /etc/apt/keyrings
  curl -fsSL https://download.docker.com/linux/debian/gpg -o /etc/apt/keyrings/docker.asc
  echo "deb [signed-by=/etc/apt/keyrings/docker.asc] https://download.docker.com/linux/debian bookworm stable" \
    >/etc/apt/sources.list.d/docker.list
  apt-get update -qq
  apt-get install -y -qq docker-ce docker-ce-cli containerd.io docker-compose-plugin
}

# the sandbox VMs' only way to packages: this proxy, open to the sandbox subnet alone
install_apt_proxy() {
  local port="$1" allow="$2"
  export DEBIAN_FRONTEND=noninteractive
  dpkg-query -W -f='${Status}' apt-cacher-ng 2>/dev/null | grep -q "install ok installed" ||
    apt-get install -y -qq apt-cacher-ng
  cat >/etc/apt-cacher-ng/zz-ziem.conf <<EOF
Port: $port
BindAddress: 0.0.0.0
EOF
  # apt-cacher-ng has no source filter of its own: the host firewall keeps it to the sandbox subnet
  iptables -C INPUT -p tcp --dport "$port" ! -s "$allow" -j DROP 2>/dev/null ||
    iptables -I INPUT -p tcp --dport "$port" ! -s "$allow" -j DROP
  systemctl restart apt-cacher-ng
}

# the bundle from Cloud Storage's JSON API with the VM's own access token (no gcloud needed)
fetch_bundle() {
  local ref token dir="$ZIEM_HOME/stack"
  ref="$(md ziem-stack-bundle || true)"
  [ -n "$ref" ] && [ "${ref#*/}" != "$ref" ] || die "metadata ziem-stack-bundle is not <bucket>/<object>: nothing to run"
  token="$(curl -fsS -H 'Metadata-Flavor: Google' \
    http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token |
    sed -E 's/.*"access_token" *: *"([^"]+)".*/\1/')"
  [ -n "$token" ] || die "no access token from the metadata server (the VM needs its service account)"
  rm -rf "$dir.new" && mkdir -p "$dir.new"
  curl -fsS --retry 5 -H "Authorization: Bearer $token" \
    "https://storage.googleapis.com/storage/v1/b/${ref%%/*}/o/${ref#*/}?alt=media" |
    tar -xz -C "$dir.new" || die "cannot fetch or unpack gs://$ref"
  [ -f "$dir.new/compose/docker-compose.yml" ] || die "the stack bundle has no compose/docker-compose.yml"
  rm -rf "$dir" && mv "$dir.new" "$dir"
}

write_env() {
  local dir="$ZIEM_HOME/stack/compose" secrets="$ZIEM_HOME/secrets.env"
  umask 077
  if [ ! -f "$secrets" ]; then
    echo "NEO4J_PASSWORD=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')" >"$secrets"
  fi
  # the network map's token (its port is published on the VM's address, beyond loopback); a
  # secrets file from before the map had none, so it is added once
  grep -q '^ZIEM_UI_TOKEN=' "$secrets" ||
    echo "ZIEM_UI_TOKEN=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')" >>"$secrets"
  local host
  host="$(md ziem-advertised-host)"
  # the compose file publishes its ports on ZIEM_BIND_ADDRESS (127.0.0.1 by default): here, the VM's
  # internal address, which the sandbox VMs' agents and the IAP tunnels reach
  {
    echo "ZIEM_ADVERTISED_HOST=$host"
    echo "ZIEM_BIND_ADDRESS=$host"
    cat "$secrets"
  } >"$dir/.env"
  chmod 600 "$dir/.env"
}

install_unit() {
  cat >/etc/systemd/system/ziem-stack.service <<EOF
[Unit]
Description=ziem stack (docker compose)
After=docker.service network-online.target
Requires=docker.service

[Service]
Type=oneshot
RemainAfterExit=yes
WorkingDirectory=$ZIEM_HOME/stack/compose
ExecStart=/usr/bin/docker compose -f $ZIEM_HOME/stack/compose/docker-compose.yml up -d --wait
ExecStop=/usr/bin/docker compose -f $ZIEM_HOME/stack/compose/docker-compose.yml down
TimeoutStartSec=900

[Install]
WantedBy=multi-user.target
EOF
  systemctl daemon-reload
  systemctl enable ziem-stack.service
  systemctl restart ziem-stack.service
}

mkdir -p "$ZIEM_HOME" && chmod 700 "$ZIEM_HOME"
install_docker
install_apt_proxy "$(md ziem-apt-proxy-port)" "$(md ziem-apt-proxy-allow)"
fetch_bundle
write_env
install_unit
log "stack is up"
