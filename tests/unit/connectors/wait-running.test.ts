// The waiting rules of `ziem connectors apply/restart`, on a clock the test moves: a verdict must hold
// for settleMs, FAILED ends the wait with the trace, a timeout names the last state. The Connect
// worker is replayed from status bodies in Connect 4.1's shape; the replay fails on any call the
// script did not expect, and the test checks that the whole script was used.
import { describe, expect, it } from 'vitest';
import { ConnectClient } from '../../../core/connect/connect-client.js';
import { loadConfig } from '../../../cli/config/config.js';
import { makeContext } from '../../../cli/context.js';
import type { Clock } from '../../../core/clock.js';
import { openSession } from '../../../cli/connectors/connect-session.js';
import { waitRunning } from '../../../cli/connectors/wait-running.js';
import { ConnectorFailedError } from '../../../cli/connectors/connector-errors.js';

const W = '127.0.0.1:18083';
const TRACE =
  'org.apache.kafka.connect.errors.ConnectException: Exiting WorkerSinkTask due to unrecoverable exception.';
type Reply = [number, unknown];

const status = (connector: string, ...tasks: string[]): Reply => [
  200,
  {
    name: 'graph',
    type: 'sink',
    connector: { state: connector, worker_id: W },
    tasks: tasks.map((state, id) => ({ id, state, worker_id: W, ...(state === 'FAILED' ? { trace: TRACE } : {}) })),
  },
];

function setup(replies: Reply[], timeoutMs = 10_000) {
  let t = 0;
  const clock: Clock = { now: () => t, sleep: async (ms) => void (t += ms) };
  const calls: string[] = [];
  const fetchFn = (async (url: string | URL) => {
    calls.push(String(url));
    const next = replies.shift();
    if (!next) throw new Error(`unexpected call ${String(url)}`);
    return new Response(JSON.stringify(next[1]), { status: next[0] });
  }) as typeof fetch;
  const config = loadConfig({
    env: {},
    cwd: '/tmp',
    flags: { 'connect.url': 'http://127.0.0.1:18083', 'connectors.timeoutMs': timeoutMs },
  });
  let err = '';
  const ctx = makeContext({
    config,
    clock,
    stdout: { write: () => true },
    stderr: { write: (s: string) => (err += s) },
  });
  const session = openSession(ctx, {
    client: new ConnectClient({ baseUrl: config.connect.url, fetch: fetchFn }),
    retry: { retries: 3, initialDelayMs: 100, maxDelayMs: 100, multiplier: 1, sleep: clock.sleep, random: () => 1 },
    pollMs: 500,
    settleMs: 1_000,
  });
  return { ctx, session, calls, replies, now: () => t, err: () => err };
}

describe('waiting for RUNNING', () => {
  it('waits through pending states and needs RUNNING to hold for settleMs', async () => {
    const s = setup([
      status('UNASSIGNED'),
      status('RUNNING'),
      status('RUNNING', 'UNASSIGNED'),
      status('RUNNING', 'RUNNING'),
      status('RUNNING', 'RUNNING'),
      status('RUNNING', 'RUNNING'),
    ]);
    await expect(waitRunning(s.ctx, s.session, 'graph')).resolves.toEqual({ kind: 'running', tasks: 1 });
    expect(s.replies).toEqual([]);
    expect(s.calls[0]).toBe('http://127.0.0.1:18083/connectors/graph/status');
    expect(s.now()).toBe(2_500);
  });

  it('ignores a stale FAILED that gives way to RUNNING within the settle time', async () => {
    const s = setup([
      status('RUNNING', 'FAILED'),
      status('RUNNING', 'RESTARTING'),
      status('RUNNING', 'RUNNING'),
      status('RUNNING', 'RUNNING'),
      status('RUNNING', 'RUNNING'),
    ]);
    await expect(waitRunning(s.ctx, s.session, 'graph')).resolves.toMatchObject({ kind: 'running' });
    expect(s.replies).toEqual([]);
  });

  it('ends with the traces when FAILED holds', async () => {
    const s = setup([
      status('RUNNING', 'RUNNING', 'FAILED'),
      status('RUNNING', 'RUNNING', 'FAILED'),
      status('RUNNING', 'RUNNING', 'FAILED'),
    ]);
    const err = await waitRunning(s.ctx, s.session, 'graph').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorFailedError);
    expect((err as ConnectorFailedError).failures).toEqual([{ what: 'task 1', workerId: W, trace: TRACE }]);
    expect((err as Error).message).toBe(
      `connector graph is not running:\n  graph task 1 FAILED on worker ${W}:\n    ${TRACE}`,
    );
  });

  it('stops at once on a PAUSED connector, naming the way out', async () => {
    const s = setup([status('PAUSED', 'PAUSED'), status('PAUSED', 'PAUSED'), status('PAUSED', 'PAUSED')]);
    await expect(waitRunning(s.ctx, s.session, 'graph')).rejects.toMatchObject({
      code: 'CONNECTOR_HALTED',
      hint: expect.stringContaining('/connectors/graph/resume'),
    });
  });

  it('times out naming the last state it saw', async () => {
    const s = setup(
      Array.from({ length: 5 }, () => status('RUNNING', 'UNASSIGNED')),
      2_000,
    );
    await expect(waitRunning(s.ctx, s.session, 'graph')).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: 'connector graph was not RUNNING within 2000 ms (last seen: connector RUNNING, tasks: 1 UNASSIGNED)',
    });
    expect(s.replies).toEqual([]);
  });

  it('retries a 409 of a rebalance and treats an early 404 as not yet known', async () => {
    const rebalance: Reply = [
      409,
      {
        error_code: 409,
        message:
          'Cannot complete request momentarily due to stale configuration (typically caused by a concurrent config change)',
      },
    ];
    const notYet: Reply = [404, { error_code: 404, message: 'No status found for connector graph' }];
    const s = setup([
      notYet,
      rebalance,
      status('RUNNING', 'RUNNING'),
      status('RUNNING', 'RUNNING'),
      status('RUNNING', 'RUNNING'),
    ]);
    await expect(waitRunning(s.ctx, s.session, 'graph')).resolves.toMatchObject({ kind: 'running' });
    expect(s.replies).toEqual([]);
  });

  it('does not retry "already exists"', async () => {
    const s = setup([[409, { error_code: 409, message: 'Connector graph already exists' }]]);
    await expect(s.session.call((c) => c.putConfig('graph', {}))).rejects.toMatchObject({
      code: 'CONNECT',
      status: 409,
      retriable: false,
    });
    expect(s.calls).toHaveLength(1);
  });
});
