// The static checks of terraform/gcp, each a function from the parsed modules to a list of
// problems (file:line and what is wrong), so a test can show both that the real module passes
// and that a broken copy of it fails for the right reason.
import {
  find,
  loopVariables,
  referencesIn,
  resolveValue,
  strings,
  type Block,
  type Body,
  type Json,
  type TfModule,
} from './hcl-modules.js';

export const IAP_RANGE = '35.235.240.0/20';
const VM_TYPES = [
  'google_compute_instance',
  'google_compute_instance_template',
  'google_compute_instance_from_template',
];
const META_ARGS = new Set(['source', 'count', 'for_each', 'depends_on', 'providers', 'version']);
const ALWAYS_OK = new Set(['path', 'terraform', 'self']);

const label = (b: Block): string => (b.type ? `${b.type}.${b.name}` : `${b.kind} ${b.name}`);
const list = (v: Json | undefined): Json[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const blocksOf = (v: Json | undefined): Body[] => list(v).filter((x): x is Body => !!x && typeof x === 'object');

export function untypedVariables(mods: readonly TfModule[]): string[] {
  const out: string[] = [];
  for (const m of mods)
    for (const b of m.blocks.filter((x) => x.kind === 'variable')) {
      if (typeof b.body['type'] !== 'string') out.push(`${b.where}: variable ${b.name} has no type`);
      const d = b.body['description'];
      if (typeof d !== 'string' || d.trim() === '') out.push(`${b.where}: variable ${b.name} has no description`);
    }
  return out;
}

async function undeclaredIn(m: TfModule, mods: readonly TfModule[], b: Block): Promise<string[]> {
  const out: string[] = [];
  for (const { at, text } of strings(b.body)) {
    if (b.kind === 'variable' && at === 'type') continue; // a type constraint, not an expression
    const loops = loopVariables(text);
    for (const ref of await referencesIn(text)) {
      const [ns = '', a = '', c = ''] = ref.split('.');
      const bad = (why: string): number => out.push(`${b.where}: ${label(b)} ${at}: ${ref}: ${why}`);
      if (ALWAYS_OK.has(ns) || loops.has(ns)) continue;
      if (ns === 'var') {
        if (!find(m, 'variable', a)) bad('no such variable');
      } else if (ns === 'local') {
        if (!find(m, 'local', a)) bad('no such local');
      } else if (ns === 'each') {
        if (b.body['for_each'] === undefined) bad('each. outside a for_each block');
      } else if (ns === 'count') {
        if (b.body['count'] === undefined) bad('count. outside a counted block');
      } else if (ns === 'module') {
        const callee = mods.find((x) => x.call?.parent === m && x.key === a);
        if (!find(m, 'module', a)) bad('no such module call');
        else if (callee && c && !/^\d+$/.test(c) && !find(callee, 'output', c)) bad(`module ${a} has no output ${c}`);
      } else if (ns === 'data') {
        if (!find(m, 'data', c, a)) bad('no such data source');
      } else if (/^[a-z0-9]+_[a-z0-9_]+$/.test(ns)) {
        if (!find(m, 'resource', a, ns)) bad('no such resource');
      } else {
        bad('not a declared name');
      }
    }
  }
  return out;
}

/** Every var., local., module., data. and resource reference names something declared. */
export async function undeclaredReferences(mods: readonly TfModule[]): Promise<string[]> {
  const out: string[] = [];
  for (const m of mods) for (const b of m.blocks) out.push(...(await undeclaredIn(m, mods, b)));
  for (const child of mods.filter((x) => x.call)) {
    const call = child.call!.block;
    for (const arg of Object.keys(call.body))
      if (!META_ARGS.has(arg) && !find(child, 'variable', arg))
        out.push(`${call.where}: module ${child.key}: argument ${arg} is not a variable of ${child.key}`);
    for (const v of child.blocks.filter((x) => x.kind === 'variable'))
      if (v.body['default'] === undefined && call.body[v.name] === undefined)
        out.push(`${call.where}: module ${child.key}: required variable ${v.name} is not passed`);
  }
  return out;
}

function vms(mods: readonly TfModule[]): Array<{ m: TfModule; b: Block }> {
  return mods.flatMap((m) =>
    m.blocks.filter((b) => b.kind === 'resource' && VM_TYPES.includes(b.type)).map((b) => ({ m, b })),
  );
}

/** No VM has an external IP: no network_interface carries an access_config. */
export function externalIps(mods: readonly TfModule[]): string[] {
  return vms(mods).flatMap(({ b }) =>
    blocksOf(b.body['network_interface'])
      .filter((ni) => ni['access_config'] !== undefined || ni['ipv6_access_config'] !== undefined)
      .map(() => `${b.where}: ${label(b)} has an access_config (an external IP)`),
  );
}

/** The network tags the sandbox module's VMs carry, resolved to what the root passes. */
export function sandboxTags(mods: readonly TfModule[]): string[] {
  const sandbox = mods.find((m) => m.key === 'sandbox');
  if (!sandbox) return [];
  return vms([sandbox]).flatMap(({ m, b }) => list(resolveValue(m, b.body['tags'])).map(String));
}

interface Rule {
  m: TfModule;
  b: Block;
  direction: string;
  priority: number;
  sourceRanges: string[];
  destinationRanges: string[];
  sourceTags: string[];
  targetTags: string[];
  allow: Body[];
  deny: Body[];
}

function firewallRules(mods: readonly TfModule[]): Rule[] {
  return mods.flatMap((m) =>
    m.blocks
      .filter((b) => b.kind === 'resource' && b.type === 'google_compute_firewall')
      .map((b) => {
        const strs = (k: string): string[] => list(resolveValue(m, b.body[k])).map(String);
        return {
          m,
          b,
          direction: String(b.body['direction'] ?? 'INGRESS'),
          priority: Number(b.body['priority'] ?? 1000),
          sourceRanges: strs('source_ranges'),
          destinationRanges: strs('destination_ranges'),
          sourceTags: strs('source_tags'),
          targetTags: strs('target_tags'),
          allow: blocksOf(b.body['allow']),
          deny: blocksOf(b.body['deny']),
        };
      }),
  );
}

/** Whether an allow block covers TCP `port` (no ports = all ports; "all" = every protocol). */
function coversTcpPort(m: TfModule, rule: Body, port: number): boolean {
  const proto = String(rule['protocol']);
  if (proto !== 'tcp' && proto !== 'all' && proto !== '6') return false;
  const ports = list(resolveValue(m, rule['ports'])).map(String);
  if (ports.length === 0) return true;
  return ports.some((p) => {
    if (p.includes('${')) return true; // not resolvable here: assume the worst
    const [lo, hi = lo] = p.split('-').map(Number);
    return Number.isFinite(lo) && port >= lo! && port <= hi!;
  });
}

/** Every ingress rule that lets TCP 22 in comes from IAP's range alone. */
export function sshNotOnlyFromIap(mods: readonly TfModule[]): string[] {
  return firewallRules(mods)
    .filter((r) => r.direction === 'INGRESS' && r.allow.some((a) => coversTcpPort(r.m, a, 22)))
    .filter((r) => r.sourceTags.length > 0 || r.sourceRanges.length !== 1 || r.sourceRanges[0] !== IAP_RANGE)
    .map((r) => `${r.b.where}: ${label(r.b)} allows SSH from ${[...r.sourceRanges, ...r.sourceTags].join(', ')}`);
}

/** No ingress rule is open to the whole internet (or has a source that cannot be resolved). */
export function openIngress(mods: readonly TfModule[]): string[] {
  const out: string[] = [];
  for (const r of firewallRules(mods).filter((x) => x.direction === 'INGRESS')) {
    for (const s of r.sourceRanges) {
      if (s === '0.0.0.0/0' || s === '::/0') out.push(`${r.b.where}: ${label(r.b)} allows ingress from ${s}`);
      else if (s.includes('${'))
        out.push(`${r.b.where}: ${label(r.b)} has a source range that cannot be checked: ${s}`);
    }
  }
  return out;
}

/**
 * Sandbox VMs' egress is denied except to each other and the stack VM: a deny-all to 0.0.0.0/0 on
 * their tag, and every egress allow on their tag (above the deny) goes to the sandbox subnet or
 * the stack VM's address only.
 */
export function sandboxEgressProblems(mods: readonly TfModule[]): string[] {
  const tags = new Set(sandboxTags(mods));
  if (tags.size === 0) return ['no sandbox VM carries a network tag, so no egress rule can target it'];
  const root = mods.find((m) => m.key === 'root')!;
  const sandboxCidr = String(resolveValue(root, '${var.sandbox_subnet_cidr}'));
  const stackIp = String(resolveValue(root, '${local.stack_ip}'));
  const egress = firewallRules(mods).filter((r) => r.direction === 'EGRESS' && r.targetTags.some((t) => tags.has(t)));
  const denies = egress.filter(
    (r) => r.deny.some((d) => d['protocol'] === 'all') && r.destinationRanges.includes('0.0.0.0/0'),
  );
  if (denies.length === 0)
    return [`no egress rule denies all traffic from the sandbox VMs' tag (${[...tags].join(', ')})`];
  const denyPriority = Math.min(...denies.map((d) => d.priority));
  const out: string[] = [];
  for (const r of egress.filter((x) => x.allow.length > 0 && x.priority <= denyPriority)) {
    // compared as written where the address is computed (cidrhost): the same expression text
    const stackRange = `${stackIp}/32`;
    for (const d of r.destinationRanges)
      if (d !== sandboxCidr && d !== stackRange)
        out.push(
          `${r.b.where}: ${label(r.b)} lets sandbox VMs reach ${d} (only ${sandboxCidr} and the stack VM are allowed)`,
        );
    if (r.destinationRanges.length === 0)
      out.push(`${r.b.where}: ${label(r.b)} lets sandbox VMs reach any destination`);
  }
  return out;
}

/** Cloud NAT never serves the sandbox subnet. */
export function natOpenToSandbox(mods: readonly TfModule[]): string[] {
  const out: string[] = [];
  for (const m of mods)
    for (const b of m.blocks.filter((x) => x.kind === 'resource' && x.type === 'google_compute_router_nat')) {
      if (b.body['source_subnetwork_ip_ranges_to_nat'] !== 'LIST_OF_SUBNETWORKS')
        out.push(`${b.where}: ${label(b)} serves every subnet (the sandbox's too)`);
      for (const s of blocksOf(b.body['subnetwork']))
        if (String(s['name']).includes('google_compute_subnetwork.sandbox'))
          out.push(`${b.where}: ${label(b)} serves the sandbox subnet`);
    }
  return out;
}

/** Every resource of a type that takes labels sets them (a forgotten sandbox is found by label). */
export function unlabelled(mods: readonly TfModule[], labelled: readonly string[]): string[] {
  return mods.flatMap((m) =>
    m.blocks
      .filter((b) => b.kind === 'resource' && labelled.includes(b.type) && b.body['labels'] === undefined)
      .map((b) => `${b.where}: ${label(b)} has no labels`),
  );
}
