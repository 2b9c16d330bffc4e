// terraform/gcp's outputs (`terraform output -json`) as ziem reads them: the project and zone, the
// stack VM and its service ports, and the sandbox VMs by host name. A missing or malformed output is
// an error naming it. The sandbox hosts become a SandboxLayout on the overlay, so attack-sim's
// guardrails check targets against the VMs Terraform created and nothing else.
import { ZiemError } from '../../../core/errors/ziem-error.js';
import type { OutputValue } from '../../clients/terraform/terraform-client.js';
import { ROLES, type Role, type SandboxLayout } from '../../sandbox/layout.js';

export interface GcpVm {
  readonly instance: string;
  readonly zone: string;
  readonly internalIp: string;
}

export interface GcpSandboxVm extends GcpVm {
  readonly name: string;
  readonly role: Role;
  readonly overlayIp: string;
}

export interface StackPorts {
  readonly kafka: number;
  readonly ksql: number;
  readonly connect: number;
  readonly neo4j_bolt: number;
  readonly neo4j_http: number;
  readonly model: number;
  readonly ui: number;
}

export interface GcpDeployment {
  readonly sandboxName: string;
  readonly project: string;
  readonly zone: string;
  readonly stack: GcpVm;
  readonly ports: StackPorts;
  /** Kafka as the VMs reach it inside the VPC */
  readonly kafkaBootstrap: string;
  readonly overlayCidr: string;
  readonly hosts: readonly GcpSandboxVm[];
}

function bad(what: string, why: string): never {
  throw new ZiemError('GCP_OUTPUTS', `terraform output ${what}: ${why}`, {
    hint: 'the state does not hold a complete sandbox: run `ziem deploy --target gcp` again',
  });
}

function obj(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) bad(what, 'missing or not an object');
  return v as Record<string, unknown>;
}

function str(o: Record<string, unknown>, k: string, what: string): string {
  const v = o[k];
  if (typeof v !== 'string' || v === '') bad(`${what}.${k}`, 'missing or not a string');
  return v;
}

/** GCP gives zones as a name or as a self link (…/zones/europe-west1-b): the name. */
const zoneName = (z: string): string => z.split('/').at(-1) ?? z;

function vm(o: Record<string, unknown>, what: string): GcpVm {
  return {
    instance: str(o, 'instance', what),
    zone: zoneName(str(o, 'zone', what)),
    internalIp: str(o, 'internal_ip', what),
  };
}

/** Whether terraform's state holds a sandbox at all (no outputs: nothing was applied). */
export function hasDeployment(out: Readonly<Record<string, OutputValue>>): boolean {
  return out['stack'] !== undefined && out['sandbox_hosts'] !== undefined;
}

export function readDeployment(out: Readonly<Record<string, OutputValue>>): GcpDeployment {
  const value = (k: string): unknown => out[k]?.value;
  const top = (k: string): string => {
    const v = value(k);
    if (typeof v !== 'string' || v === '') bad(k, 'missing or not a string');
    return v;
  };
  const endpoints = obj(value('endpoints'), 'endpoints');
  const portsIn = obj(endpoints['ports'], 'endpoints.ports');
  const ports = Object.fromEntries(
    (['kafka', 'ksql', 'connect', 'neo4j_bolt', 'neo4j_http', 'model', 'ui'] as const).map((k) => {
      const p = portsIn[k];
      if (typeof p !== 'number' || !Number.isInteger(p) || p < 1 || p > 65535)
        bad(`endpoints.ports.${k}`, 'missing or not a port');
      return [k, p];
    }),
  ) as unknown as StackPorts;
  const hostsIn = obj(value('sandbox_hosts'), 'sandbox_hosts');
  const hosts = Object.entries(hostsIn).map(([name, h]): GcpSandboxVm => {
    const o = obj(h, `sandbox_hosts.${name}`);
    const role = str(o, 'role', `sandbox_hosts.${name}`);
    if (!(ROLES as readonly string[]).includes(role)) bad(`sandbox_hosts.${name}.role`, `unknown role "${role}"`);
    return {
      name,
      role: role as Role,
      overlayIp: str(o, 'overlay_ip', `sandbox_hosts.${name}`),
      ...vm(o, `sandbox_hosts.${name}`),
    };
  });
  if (hosts.length === 0) bad('sandbox_hosts', 'no sandbox VM');
  return {
    sandboxName: top('sandbox_name'),
    project: top('project'),
    zone: top('zone'),
    stack: vm(obj(value('stack'), 'stack'), 'stack'),
    ports,
    kafkaBootstrap: str(endpoints, 'kafka_bootstrap', 'endpoints'),
    overlayCidr: top('overlay_cidr'),
    hosts,
  };
}

/** The sandbox VMs as attack-sim's layout: their overlay addresses, on the overlay network. */
export function gcpLayout(d: GcpDeployment): SandboxLayout {
  return {
    prefix: `ziem-${d.sandboxName}`,
    cidr: d.overlayCidr,
    bridge: 'ziem0',
    // a VM has no namespace or veth of ours: the instance stands in for both in messages
    hosts: d.hosts.map((h) => ({ name: h.name, role: h.role, ip: h.overlayIp, ns: h.instance, veth: h.instance })),
  };
}
