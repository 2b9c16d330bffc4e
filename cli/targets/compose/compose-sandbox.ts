// The sandbox as containers (profile "sandbox"): one container per sandbox host from the sandbox
// image, at the host's layout address on the internal sandbox network, with no capability beyond
// what its role's tools need; beside each, a capture agent sharing its network namespace (the only
// containers with NET_RAW/NET_ADMIN) that sends the host's outbound packets to Kafka, so a packet
// between two hosts is captured once, at its sender. Both run terraform/gcp/scripts/ziem-vm.sh's
// units (the file the gcp VMs run, tested in network namespaces) through compose/sandbox/entrypoint.sh.
import type { Config } from '../../config/config.js';
import { SandboxError } from '../../sandbox/errors.js';
import { CAPTURE_FIELDS, captureFilter, platformPorts } from '../../sandbox/capture-fields.js';
import { clientKeyPath } from '../../sandbox/services.js';
import { planLayout, type Role, type SandboxHost, type SandboxLayout } from '../../sandbox/layout.js';
import { kafkaSandboxAddress, KAFKA_SANDBOX_PORT, SANDBOX_NET } from './compose-networks.js';
import type { ComposePaths } from './compose-paths.js';
import type { Service } from './compose-platform.js';

export const SANDBOX_PROFILE = 'sandbox';

/** Capabilities each role's services and tools need (everything else is dropped). */
const ROLE_CAPS: Readonly<Record<Role, readonly string[]>> = {
  web: ['NET_BIND_SERVICE'],
  // sshd: privilege separation (setuid, chroot) and port 22; the DNS-like responder: port 53
  db: ['NET_BIND_SERVICE', 'SETUID', 'SETGID', 'SYS_CHROOT', 'CHOWN'],
  workstation: [],
  // nmap's SYN scan and hping3's flood send raw packets
  attacker: ['NET_RAW'],
};

export const agentService = (host: SandboxHost): string => `capture-${host.name}`;

/** The layout the compose sandbox has: the same as the netns sandbox's for the same config. */
export function composeLayout(c: Config): SandboxLayout {
  const layout = planLayout({
    cidr: c.sandbox.cidr,
    prefix: c.sandbox.prefix,
    bridge: c.sandbox.bridge,
    roles: c.sandbox.hosts,
  });
  const kafka = kafkaSandboxAddress(c);
  if (layout.hosts.some((h) => h.ip === kafka))
    throw new SandboxError(
      'SANDBOX_CIDR',
      `sandbox.cidr ${c.sandbox.cidr}: no address is left for Kafka (${kafka} is a host's)`,
      {
        hint: 'use a larger sandbox.cidr or fewer sandbox.hosts',
      },
    );
  return layout;
}

function image(c: Config, p: ComposePaths): Record<string, unknown> {
  return {
    image: `ziem/sandbox-host:${c.compose.debianTag}`,
    build: { context: p.root, dockerfile: 'compose/sandbox/Dockerfile', args: { DEBIAN_TAG: c.compose.debianTag } },
  };
}

function hostService(c: Config, p: ComposePaths, layout: SandboxLayout, h: SandboxHost): Service {
  const bits = layout.cidr.split('/')[1];
  const keys = clientKeyPath(p.sandboxDir).replace(/\/[^/]+$/, '');
  return {
    ...image(c, p),
    profiles: [SANDBOX_PROFILE],
    hostname: h.name,
    command: ['host'],
    environment: {
      ZM_HOST: h.name,
      ZM_ROLE: h.role,
      ZM_OVERLAY_IP: `${h.ip}/${bits}`,
      ZM_CLIENT_KEY: clientKeyPath(p.sandboxDir),
    },
    cap_drop: ['ALL'],
    ...(ROLE_CAPS[h.role].length > 0 ? { cap_add: [...ROLE_CAPS[h.role]] } : {}),
    // the scenarios name the client key by its path on this machine: the same path inside
    volumes: [`${keys}:${keys}:ro`],
    networks: { [SANDBOX_NET]: { ipv4_address: h.ip } },
    healthcheck: {
      test: ['CMD', '/opt/ziem/bin/entrypoint.sh', 'ready'],
      interval: '3s',
      timeout: '3s',
      retries: 20,
      start_period: '5s',
    },
  };
}

function agent(c: Config, p: ComposePaths, h: SandboxHost): Service {
  const filter = captureFilter([...new Set([...platformPorts(c), KAFKA_SANDBOX_PORT])].sort((a, b) => a - b));
  return {
    ...image(c, p),
    profiles: [SANDBOX_PROFILE],
    command: ['agent'],
    network_mode: `service:${h.name}`,
    environment: {
      ZM_HOST: h.name,
      ZM_ROLE: h.role,
      ZM_CAPTURE_INTERFACE: 'eth0',
      ZM_CAPTURE_FILTER: filter,
      ZM_CAPTURE_FIELDS: CAPTURE_FIELDS.join(','),
      ZM_CAPTURE_TOPIC: c.capture.topic,
      ZM_CAPTURE_SNAPLEN: String(c.capture.snaplen),
      ZM_CAPTURE_BUFFER_MB: String(c.capture.bufferMb),
      ZM_CAPTURE_LINGER_MS: String(c.capture.lingerMs),
      ZM_KAFKA_BOOTSTRAP: `${kafkaSandboxAddress(c)}:${KAFKA_SANDBOX_PORT}`,
    },
    cap_drop: ['ALL'],
    cap_add: ['NET_RAW', 'NET_ADMIN'],
    depends_on: { [h.name]: { condition: 'service_healthy' }, kafka: { condition: 'service_healthy' } },
    healthcheck: { test: ['CMD', 'pidof', 'dumpcap'], interval: '5s', timeout: '3s', retries: 10, start_period: '5s' },
  };
}

export function sandboxServices(c: Config, p: ComposePaths): Record<string, Service> {
  const layout = composeLayout(c);
  const out: Record<string, Service> = {};
  for (const h of layout.hosts) out[h.name] = hostService(c, p, layout, h);
  for (const h of layout.hosts) out[agentService(h)] = agent(c, p, h);
  return out;
}
