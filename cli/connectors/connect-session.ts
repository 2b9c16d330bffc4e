// What every `ziem connectors` operation needs to talk to Kafka Connect: the client for the
// configured URL, the retry policy on the context's clock, and the waiting parameters. Tests pass
// their own pieces through ConnectorDeps instead of patching globals.
import { ConnectClient } from '../../core/connect/connect-client.js';
import { defaultRetry, retry, type RetryOptions } from '../../core/retry.js';
import type { Context } from '../context.js';
import { isNotFound, notFound } from './connector-errors.js';
import { ConnectError, RetriesExhaustedError, ZiemError } from '../../core/errors/ziem-error.js';

export interface ConnectorDeps {
  client?: ConnectClient;
  retry?: RetryOptions;
  /** How often a waiting operation asks for the status. */
  pollMs?: number;
  /** How long a verdict (RUNNING or FAILED) must hold before it counts (see wait-running.ts). */
  settleMs?: number;
}

export interface ConnectSession {
  client: ConnectClient;
  url: string;
  /** Runs one REST call, retrying what the client marked retriable (409 during a rebalance, 5xx). */
  call<T>(fn: (c: ConnectClient) => Promise<T>): Promise<T>;
  timeoutMs: number;
  pollMs: number;
  settleMs: number;
}

/** Giving up on a worker that never answered deserves a message about the worker, not the retries. */
function unreachable(err: unknown, url: string): unknown {
  if (!(err instanceof RetriesExhaustedError) || !(err.cause instanceof ConnectError) || err.cause.status !== 0)
    return err;
  return new ZiemError(
    'CONNECT_UNREACHABLE',
    `Kafka Connect at ${url} is not reachable (gave up after ${err.attempts} attempts)`,
    {
      hint: 'start it with `ziem stack up`, or point the setting connect.url (ZIEM_CONNECT_URL) at a running worker',
      cause: err,
    },
  );
}

export function openSession(ctx: Context, deps: ConnectorDeps = {}): ConnectSession {
  const url = ctx.config.connect.url;
  const client = deps.client ?? new ConnectClient({ baseUrl: url });
  const policy = deps.retry ?? { ...defaultRetry, sleep: (ms: number) => ctx.clock.sleep(ms) };
  return {
    client,
    url,
    call: (fn) =>
      retry(() => fn(client), policy).catch((err: unknown) => {
        throw unreachable(err, url);
      }),
    timeoutMs: ctx.config.connectors.timeoutMs,
    pollMs: deps.pollMs ?? 500,
    settleMs: deps.settleMs ?? 2_000,
  };
}

/** One call about a named connector: Connect's 404 becomes an error naming it and the worker. */
export async function callNamed<T>(
  session: ConnectSession,
  name: string,
  fn: (c: ConnectClient) => Promise<T>,
): Promise<T> {
  try {
    return await session.call(fn);
  } catch (err) {
    throw isNotFound(err) ? notFound(name, session.url, err) : err;
  }
}
