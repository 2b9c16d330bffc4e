// `ziem connectors restart <name>`: restarts the connector's FAILED instances (every instance with
// --all) through KIP-745's restart endpoint, then waits until it and all its tasks are RUNNING.
// An unknown name is an error that says so, never a silent success.
import { emit, type Context } from '../context.js';
import type { ConnectorStatus } from '../../core/connect/connect-client.js';
import { callNamed, openSession, type ConnectorDeps } from './connect-session.js';
import { waitRunning } from './wait-running.js';
import { withSecretsRedacted } from './connector-errors.js';

export interface RestartOptions {
  name: string;
  /** Restart every instance, not only the FAILED ones. */
  all: boolean;
}

export interface RestartResult {
  name: string;
  /** `connector`, `task 0`… as Connect marked them RESTARTING. */
  restarted: string[];
  state: 'RUNNING';
  tasks: number;
}

function restarting(s: ConnectorStatus | undefined): string[] {
  if (!s) return [];
  const out = s.connector.state === 'RESTARTING' ? ['connector'] : [];
  for (const t of [...s.tasks].sort((a, b) => a.id - b.id)) if (t.state === 'RESTARTING') out.push(`task ${t.id}`);
  return out;
}

export async function runConnectorsRestart(
  ctx: Context,
  opts: RestartOptions,
  deps: ConnectorDeps = {},
): Promise<RestartResult> {
  const session = openSession(ctx, deps);
  try {
    const answer = await callNamed(session, opts.name, (c) =>
      c.restart(opts.name, { includeTasks: true, onlyFailed: !opts.all }),
    );
    const restarted = restarting(answer);
    ctx.log.info(
      restarted.length === 0
        ? `${opts.name}: nothing had failed, nothing restarted`
        : `${opts.name}: restarting ${restarted.join(', ')}`,
    );
    const ok = await waitRunning(ctx, session, opts.name);
    const result: RestartResult = { name: opts.name, restarted, state: 'RUNNING', tasks: ok.tasks };
    emit(
      ctx,
      result,
      () =>
        `${opts.name}: RUNNING, ${ok.tasks} task(s)${restarted.length ? ` (restarted ${restarted.join(', ')})` : ''}`,
    );
    return result;
  } catch (err) {
    throw withSecretsRedacted(err, ctx.secrets);
  }
}
