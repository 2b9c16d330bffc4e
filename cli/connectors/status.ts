// `ziem connectors status [--json]`: every connector on the Connect worker with its state and each
// task's state and trace, plus the connector files not deployed yet. Reports only: the exit status is
// 0 whatever the states (scripts read `--json`).
import { existsSync } from 'node:fs';
import { emit, type Context } from '../context.js';
import type { ConnectorStatus, ExpandedConnectors } from '../../core/connect/connect-client.js';
import { loadConnectorFiles } from './connector-files.js';
import { openSession, type ConnectorDeps } from './connect-session.js';
import { traceSummary } from './readiness.js';
import { withSecretsRedacted } from './connector-errors.js';

export interface TaskRow {
  id: number;
  state: string;
  workerId: string;
  trace?: string;
}

export interface ConnectorRow {
  name: string;
  type: string;
  /** The connector instance's state, or NOT_DEPLOYED for a file Connect does not know. */
  state: string;
  workerId?: string;
  trace?: string;
  tasks: TaskRow[];
  /** The file that describes it, when one does. */
  source?: string;
}

export interface StatusReport {
  url: string;
  connectors: ConnectorRow[];
}

function row(
  name: string,
  s: ConnectorStatus | undefined,
  type: string | undefined,
  source: string | undefined,
): ConnectorRow {
  const tasks = [...(s?.tasks ?? [])]
    .sort((a, b) => a.id - b.id)
    .map((t): TaskRow => ({ id: t.id, state: t.state, workerId: t.worker_id, ...(t.trace ? { trace: t.trace } : {}) }));
  return {
    name,
    type: s?.type ?? type ?? 'unknown',
    state: s?.connector.state ?? 'UNKNOWN',
    ...(s?.connector.worker_id ? { workerId: s.connector.worker_id } : {}),
    ...(s?.connector.trace ? { trace: s.connector.trace } : {}),
    tasks,
    ...(source ? { source } : {}),
  };
}

/** Which file describes each name; unreadable files only warn, since status must still answer. */
function fileSources(ctx: Context): Map<string, string> {
  const dir = ctx.config.connectors.dir;
  if (!existsSync(dir)) return new Map();
  try {
    return new Map(loadConnectorFiles(dir).map((f) => [f.name, f.source]));
  } catch (err) {
    ctx.log.warn(`connector files not read: ${(err as Error).message}`);
    return new Map();
  }
}

export function buildReport(url: string, live: ExpandedConnectors, sources: ReadonlyMap<string, string>): StatusReport {
  const rows = Object.entries(live).map(([name, e]) => row(name, e.status, e.info?.type, sources.get(name)));
  for (const [name, source] of sources)
    if (!(name in live)) rows.push({ name, type: 'unknown', state: 'NOT_DEPLOYED', tasks: [], source });
  rows.sort((a, b) => a.name.localeCompare(b.name));
  return { url, connectors: rows };
}

export function renderStatus(r: StatusReport): string {
  if (r.connectors.length === 0) return `no connectors on ${r.url}`;
  const lines: string[] = [];
  const width = Math.max(...r.connectors.map((c) => c.name.length), 4);
  lines.push(`${'NAME'.padEnd(width)}  TYPE     STATE         TASKS`);
  for (const c of r.connectors) {
    const running = c.tasks.filter((t) => t.state === 'RUNNING').length;
    const tasks = c.tasks.length === 0 ? '-' : `${running}/${c.tasks.length} RUNNING`;
    lines.push(
      `${c.name.padEnd(width)}  ${c.type.padEnd(7)}  ${c.state.padEnd(12)}  ${tasks}${c.source ? `  (${c.source})` : ''}`,
    );
    if (c.trace) lines.push(`  connector FAILED: ${traceSummary(c.trace)}`);
    for (const t of c.tasks)
      if (t.state === 'FAILED') lines.push(`  task ${t.id} FAILED on ${t.workerId}: ${traceSummary(t.trace ?? '')}`);
  }
  return lines.join('\n');
}

export async function runConnectorsStatus(ctx: Context, deps: ConnectorDeps = {}): Promise<StatusReport> {
  const session = openSession(ctx, deps);
  let live: ExpandedConnectors;
  try {
    live = await session.call((c) => c.connectorsExpanded());
  } catch (err) {
    throw withSecretsRedacted(err, ctx.secrets);
  }
  const report = buildReport(session.url, live, fileSources(ctx));
  emit(ctx, report, () => renderStatus(report));
  return report;
}
