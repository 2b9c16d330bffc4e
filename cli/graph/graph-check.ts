// The smoke test's graph assertions: the sandbox hosts are :Host nodes, and every TALKS_TO edge
// carries the packets of FLOWS summed over windows (the last update of each window counts).
import type { Context } from '../context.js';
import { openDriver } from '../clients/neo4j-client.js';
import { readNeo4jPassword } from '../stack/neo4j-password.js';
import { StackError } from '../../core/errors/ziem-error.js';
import { boltUrl } from '../step-context.js';
import { readTopicToEnd } from '../alerts/topic-read.js';

export type Totals = Map<string, number>;

/** src>dst → packets: the last (largest) count of each window, summed. Pure. */
export function flowTotals(values: readonly (Buffer | string)[]): Totals {
  const perWindow = new Map<string, { pair: string; packets: number }>();
  for (const v of values) {
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(v.toString()) as Record<string, unknown>;
    } catch {
      continue; // a tombstone or foreign record is no flow
    }
    if (!o || typeof o['SRC_IP'] !== 'string' || typeof o['DST_IP'] !== 'string' || typeof o['PACKETS'] !== 'number')
      continue;
    const pair = `${o['SRC_IP']}>${o['DST_IP']}`;
    const key = `${pair}@${String(o['WINDOW_START'])}`;
    const prev = perWindow.get(key);
    // counts within a window only grow: the largest is the window's total, whatever the order read
    if (!prev || o['PACKETS'] > prev.packets) perWindow.set(key, { pair, packets: o['PACKETS'] });
  }
  const totals: Totals = new Map();
  for (const { pair, packets } of perWindow.values()) totals.set(pair, (totals.get(pair) ?? 0) + packets);
  return totals;
}

export interface GraphView {
  hosts: string[];
  talksTo: Totals;
}

export async function readGraph(ctx: Context): Promise<GraphView> {
  const pw = readNeo4jPassword(ctx.config);
  if (!pw) throw new StackError('NEO4J_PASSWORD', 'no Neo4j password found', { hint: 'run `ziem deploy` first' });
  const d = openDriver(boltUrl(ctx), ctx.config.neo4j.user, pw);
  try {
    const hosts = (await d.executeQuery('MATCH (h:Host) RETURN h.ip AS ip')).records.map((r) => String(r.get('ip')));
    const edges = await d.executeQuery(
      'MATCH (s:Host)-[t:TALKS_TO]->(x:Host) RETURN s.ip AS s, x.ip AS d, t.packets AS p',
    );
    return {
      hosts,
      talksTo: new Map(edges.records.map((r) => [`${String(r.get('s'))}>${String(r.get('d'))}`, Number(r.get('p'))])),
    };
  } finally {
    await d.close();
  }
}

/** Differences between FLOWS totals and the graph; empty when they agree. Pure. */
export function compareTotals(flows: Totals, graph: Totals): string[] {
  const out: string[] = [];
  for (const [pair, n] of flows)
    if (graph.get(pair) !== n) out.push(`${pair}: FLOWS ${n}, TALKS_TO ${graph.get(pair) ?? 'missing'}`);
  for (const pair of graph.keys()) if (!flows.has(pair)) out.push(`${pair}: TALKS_TO without FLOWS`);
  return out;
}

export interface GraphCheck {
  ok: boolean;
  hostsMissing: string[];
  mismatches: string[];
}

/** Polls until the sink has caught up with FLOWS (or the timeout), then reports what differs. */
export async function checkGraph(ctx: Context, sandboxIps: readonly string[], timeoutMs: number): Promise<GraphCheck> {
  const deadline = ctx.clock.now() + timeoutMs;
  for (;;) {
    const flows = flowTotals(await readTopicToEnd(ctx.config.kafka.bootstrap, 'FLOWS'));
    const g = await readGraph(ctx);
    const talking = new Set([...flows.keys()].flatMap((p) => p.split('>')));
    const hostsMissing = sandboxIps.filter((ip) => talking.has(ip) && !g.hosts.includes(ip));
    const mismatches = compareTotals(flows, g.talksTo);
    const ok = hostsMissing.length === 0 && mismatches.length === 0 && flows.size > 0;
    if (ok || ctx.clock.now() > deadline)
      return { ok, hostsMissing, mismatches: flows.size === 0 ? ['FLOWS is empty'] : mismatches };
    await ctx.clock.sleep(2_000);
  }
}
