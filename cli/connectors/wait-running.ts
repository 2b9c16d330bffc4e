// Waits until a connector and all its tasks are RUNNING, or fails with the traces of what FAILED, or
// times out naming the last state seen. A verdict must hold for `settleMs`: right after a config
// change or a restart Connect may still report the previous instances' RUNNING or FAILED state.
import { TimeoutError, ZiemError } from '../../core/errors/ziem-error.js';
import type { Context } from '../context.js';
import type { ConnectorStatus } from '../../core/connect/connect-client.js';
import { assessStatus, sameVerdict, type Readiness } from './readiness.js';
import { ConnectorFailedError, isNotFound } from './connector-errors.js';
import type { ConnectSession } from './connect-session.js';

/** 404 right after a PUT is a worker that has not read the config topic yet: keep waiting. */
async function probe(session: ConnectSession, name: string): Promise<Readiness> {
  try {
    const s: ConnectorStatus = await session.call((c) => c.status(name));
    return assessStatus(s);
  } catch (err) {
    if (isNotFound(err)) return { kind: 'pending', reason: 'no status reported yet' };
    throw err;
  }
}

function conclude(name: string, v: Readiness): Readiness {
  if (v.kind === 'failed') throw new ConnectorFailedError(name, v.failures);
  if (v.kind === 'halted')
    throw new ZiemError('CONNECTOR_HALTED', `connector ${name} is ${v.state}, so its tasks will not run`, {
      hint: `resume it (PUT /connectors/${name}/resume) and run the command again`,
    });
  return v;
}

/** Resolves with the running verdict; throws ConnectorFailedError, CONNECTOR_HALTED or TimeoutError. */
export async function waitRunning(
  ctx: Context,
  session: ConnectSession,
  name: string,
): Promise<Readiness & { kind: 'running' }> {
  const start = ctx.clock.now();
  const deadline = start + session.timeoutMs;
  let held: { verdict: Readiness; since: number } | undefined;
  for (;;) {
    const v = await probe(session, name);
    const now = ctx.clock.now();
    if (v.kind === 'pending') held = undefined;
    else if (!held || !sameVerdict(held.verdict, v)) held = { verdict: v, since: now };
    else held.verdict = v;
    if (held && now - held.since >= session.settleMs)
      return conclude(name, held.verdict) as Readiness & { kind: 'running' };
    if (now >= deadline) {
      if (held) return conclude(name, held.verdict) as Readiness & { kind: 'running' };
      const why = v.kind === 'pending' ? v.reason : v.kind;
      throw new TimeoutError(`connector ${name} was not RUNNING within ${session.timeoutMs} ms (last seen: ${why})`, {
        retriable: false,
        hint: `\`ziem connectors status\` shows its state and the worker log its cause; connectors.timeoutMs sets the wait`,
      });
    }
    ctx.log.debug(`${name}: ${v.kind === 'pending' ? v.reason : v.kind}`);
    await ctx.clock.sleep(session.pollMs);
  }
}
