// Reads one connector's status (GET /connectors/<n>/status) as a verdict: running (connector and every
// task RUNNING), failed (with each failed instance's trace), halted (PAUSED/STOPPED by someone) or
// pending (still starting, restarting or being assigned). Pure; waiting lives in wait-running.ts.
import type { ConnectorStatus } from '../../core/connect/connect-client.js';

export interface FailedInstance {
  /** `connector` or `task 0`. */
  what: string;
  workerId: string;
  trace: string;
}

export type Readiness =
  | { kind: 'running'; tasks: number }
  | { kind: 'failed'; failures: FailedInstance[] }
  | { kind: 'halted'; state: string }
  | { kind: 'pending'; reason: string };

/** Connector states that only a person changes back (PUT …/resume): waiting for them is pointless. */
const HALTED = new Set(['PAUSED', 'STOPPED']);

function countStates(states: readonly string[]): string {
  const n = new Map<string, number>();
  for (const s of states) n.set(s, (n.get(s) ?? 0) + 1);
  return [...n].map(([s, k]) => `${k} ${s}`).join(', ');
}

export function assessStatus(s: ConnectorStatus): Readiness {
  const failures: FailedInstance[] = [];
  if (s.connector.state === 'FAILED')
    failures.push({ what: 'connector', workerId: s.connector.worker_id, trace: s.connector.trace ?? '' });
  const tasks = [...s.tasks].sort((a, b) => a.id - b.id);
  for (const t of tasks)
    if (t.state === 'FAILED') failures.push({ what: `task ${t.id}`, workerId: t.worker_id, trace: t.trace ?? '' });
  if (failures.length > 0) return { kind: 'failed', failures };
  if (HALTED.has(s.connector.state)) return { kind: 'halted', state: s.connector.state };
  if (s.connector.state === 'RUNNING' && tasks.length > 0 && tasks.every((t) => t.state === 'RUNNING'))
    return { kind: 'running', tasks: tasks.length };
  const taskPart = tasks.length === 0 ? 'no tasks yet' : `tasks: ${countStates(tasks.map((t) => t.state))}`;
  return { kind: 'pending', reason: `connector ${s.connector.state}, ${taskPart}` };
}

/** Two verdicts are "the same" for settling when kind and, for failures, the failed instances match. */
export function sameVerdict(a: Readiness, b: Readiness): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'failed' && b.kind === 'failed')
    return a.failures.map((f) => f.what).join() === b.failures.map((f) => f.what).join();
  return true;
}

/**
 * One line for a Java stack trace: its first line, plus the first "Caused by:" when there is one,
 * since Connect wraps the connector's own exception ("Exiting WorkerSinkTask due to unrecoverable
 * exception") and the reason is in the cause.
 */
export function traceSummary(trace: string): string {
  const lines = trace.split('\n').map((l) => l.trim());
  const head = lines[0] || '(no trace reported)';
  const cause = lines.find((l) => l.startsWith('Caused by: '));
  return cause ? `${head} ${cause.replace(/^Caused by: /, '(caused by ')})` : head;
}

/** Full traces, indented under a heading per failed instance, for stderr and error messages. */
export function renderFailures(name: string, failures: readonly FailedInstance[]): string {
  const blocks = failures.map((f) => {
    const lines = f.trace.trim() === '' ? ['(no trace reported)'] : f.trace.trim().split('\n');
    const trace = lines.map((l) => `    ${l}`).join('\n');
    return `  ${name} ${f.what} FAILED on worker ${f.workerId}:\n${trace}`;
  });
  return blocks.join('\n');
}
