// The embedded engine's ksqlDB server as a stack component (`ziem stack up --only ksql`): it comes
// up after Kafka and Connect from the built CLI, reports its /info version in status, a second up
// is a no-op, connector statements reach the stack's Connect, a restarted server replays its
// command topic, its log is readable, and down stops it first and frees its port.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeContext } from '../../../cli/context.js';
import { ksqlComponent } from '../../../cli/stack/component-ksql.js';
import { startStack } from '../../../cli/stack/up.js';
import { stopStack } from '../../../cli/stack/down.js';
import { stackStatus } from '../../../cli/stack/status.js';
import { run as runLogs } from '../../../cli/stack/logs.js';
import { runningPid } from '../../../cli/stack/preflight.js';
import { isAlive, stopPid } from '../../../cli/stack/processes.js';
import { isPortFree } from '../../../cli/stack/ports.js';
import { ksql } from '../engine-kafka/rest-helpers.js';
import { startTestStack, type TestStack } from '../support/stack-fixture.js';

let stack: TestStack;
let errText = '';

beforeAll(async () => {
  stack = await startTestStack({ components: ['ksql'] });
});

afterAll(async () => {
  await stack?.stop();
});

const quietCtx = (): ReturnType<typeof makeContext> => {
  errText = '';
  return makeContext({
    config: stack.config,
    stdout: { write: () => true },
    stderr: { write: (s: string) => (errText += s) },
    env: process.env,
  });
};

describe('the ksql stack component', () => {
  it('runs after Kafka and Connect and reports its /info version and port', async () => {
    const list = await stackStatus(stack.ctx);
    const k = list.find((c) => c.name === 'ksql');
    expect(k).toMatchObject({
      running: true,
      healthy: true,
      version: '0.29.0',
      ports: { url: Number(new URL(stack.ksqlUrl).port) },
    });
    expect(
      list
        .filter((c) => c.healthy)
        .map((c) => c.name)
        .sort(),
    ).toEqual(['connect', 'kafka', 'ksql']);
    const info = (await fetch(`${stack.ksqlUrl}/info`).then((r) => r.json())) as {
      KsqlServerInfo: { serverStatus: string };
    };
    expect(info.KsqlServerInfo.serverStatus).toBe('RUNNING');
  });

  it('a second up starts nothing', async () => {
    const ctx = quietCtx();
    const pid = runningPid(ksqlComponent, stack.config, ctx.log);
    const again = await startStack(ctx, { components: ['ksql'] });
    expect(again.components.map((c) => [c.name, c.started])).toEqual([
      ['kafka', false],
      ['connect', false],
      ['ksql', false],
    ]);
    expect(again.components.find((c) => c.name === 'ksql')?.pid).toBe(pid);
  });

  it("sends connector statements to the stack's Connect worker", async () => {
    const [list] = await ksql(stack.ksqlUrl, 'SHOW CONNECTORS;');
    expect(list).toMatchObject({ '@type': 'connector_list', connectors: [] });
  });

  it('restarts with its streams: a killed server is started again alone and replays the command topic', async () => {
    await ksql(
      stack.ksqlUrl,
      "CREATE STREAM STACK_EV (K STRING KEY, V INT) WITH (KAFKA_TOPIC='stack_ev', PARTITIONS=1, VALUE_FORMAT='JSON');",
    );
    const ctx = quietCtx();
    const old = runningPid(ksqlComponent, stack.config, ctx.log) as number;
    await stopPid(old, 10_000, ctx.clock);
    expect((await stackStatus(ctx)).find((c) => c.name === 'ksql')).toMatchObject({
      running: false,
      healthy: false,
      detail: 'not running',
    });
    const up = await startStack(ctx, { components: ['ksql'] });
    expect(up.components.filter((c) => c.started).map((c) => c.name)).toEqual(['ksql']);
    expect(up.components.find((c) => c.name === 'ksql')?.pid).not.toBe(old);
    const [streams] = await ksql(stack.ksqlUrl, 'SHOW STREAMS;');
    expect(JSON.stringify(streams)).toContain('STACK_EV');
  });

  it('ziem stack logs ksql shows the server log', async () => {
    let out = '';
    const ctx = makeContext({
      config: stack.config,
      stdout: { write: (s: string) => (out += s) },
      stderr: process.stderr,
      env: process.env,
    });
    await runLogs(ctx, { component: 'ksql', lines: 200 });
    expect(out).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
  });

  it('down stops the engine server first and frees its port', async () => {
    const ctx = quietCtx();
    const pid = runningPid(ksqlComponent, stack.config, ctx.log) as number;
    const res = await stopStack(ctx);
    expect(res.stopped.map((s) => s.name)).toEqual(['ksql', 'connect', 'kafka']);
    expect(res.stopped[0]).toMatchObject({ pid, how: 'terminated' });
    expect(isAlive(pid)).toBe(false);
    expect(await isPortFree('127.0.0.1', Number(new URL(stack.ksqlUrl).port))).toBe(true);
  });
});
