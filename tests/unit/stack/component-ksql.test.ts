// The engine server as a stack component: what `--only ksql` brings along, the one command line and
// environment it is started with (markers `stack down` recognises it by), and /info decoding.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../cli/config/config.js';
import { ksqlComponent, ksqlInfo, ksqlPort, ksqlServeCommand } from '../../../cli/stack/component-ksql.js';
import { markerArgs } from '../../../cli/stack/processes.js';
import { selectComponents } from '../../../cli/stack/registry.js';

const config = (flags: Record<string, unknown> = {}): ReturnType<typeof loadConfig> =>
  loadConfig({ env: {}, cwd: '/tmp', flags: { stateDir: '/tmp/ziem-state', 'connect.port': 18083, ...flags } });

describe('the ksql stack component', () => {
  it('brings Kafka and Connect along, and starts after them', () => {
    expect(selectComponents(['ksql']).map((c) => c.name)).toEqual(['kafka', 'connect', 'ksql']);
    expect(ksqlComponent.after).toEqual(['kafka', 'connect']);
  });

  it('listens on the port of ksql.url, 8088 when the URL has none', async () => {
    expect(ksqlPort(await config({ 'ksql.url': 'http://127.0.0.1:18088' }))).toBe(18088);
    expect(ksqlPort(await config({ 'ksql.url': 'http://127.0.0.1' }))).toBe(8088);
    expect(ksqlComponent.ports(await config({ 'ksql.url': 'http://127.0.0.1:18088' }))).toEqual([
      { field: 'ksql.url', port: 18088 },
    ]);
  });

  it('runs the built `ksql serve` on Kafka, with the Connect URL and the markers down looks for', async () => {
    const c = await config({ 'ksql.url': 'http://127.0.0.1:18088' });
    const cmd = ksqlServeCommand(c);
    expect(cmd.file).toBe(process.execPath);
    expect(cmd.args[0]).toMatch(/dist\/cli\/bin\.js$/);
    expect(cmd.args.slice(1)).toEqual([
      '--state-dir=/tmp/ziem-state',
      'ksql',
      'serve',
      '--property',
      'ksql.functions.anomaly_score.url=http://127.0.0.1:8501',
      '--property',
      'ksql.functions.attack_class.url=http://127.0.0.1:8501',
      '--property',
      'ksql.functions.attack_class.model=attack-class',
      '--property',
      'ksql.functions.attack_class.kind=classify',
    ]);
    for (const m of markerArgs('ksql', c.stateDir)) expect(cmd.args).toContain(m);
    expect(cmd.env).toMatchObject({
      ZIEM_KSQL_ENGINE_DRIVER: 'kafka',
      ZIEM_CONNECT_URL: 'http://127.0.0.1:18083',
      ZIEM_KSQL_URL: 'http://127.0.0.1:18088',
    });
  });

  it('refuses an https ksql.url: the engine server speaks plain http', async () => {
    const c = await config({ 'ksql.url': 'https://ksql.example:8088' });
    const env = {
      config: c,
      log: { info: () => undefined, warn: () => undefined },
      secrets: [],
    } as unknown as Parameters<typeof ksqlComponent.prepare>[0];
    await expect(ksqlComponent.prepare(env, {} as never)).rejects.toThrow(/serves plain http only/);
  });
});

describe('ksqlInfo', () => {
  const recorded = (status: number, body: string): typeof fetch =>
    (async () => new Response(body, { status })) as typeof fetch;

  it('is healthy with the version when serverStatus is RUNNING', async () => {
    const body =
      '{"KsqlServerInfo":{"version":"0.29.0","kafkaClusterId":"x","ksqlServiceId":"default_","serverStatus":"RUNNING"}}';
    expect(await ksqlInfo('http://127.0.0.1:18088/', 2_000, recorded(200, body))).toEqual({
      healthy: true,
      version: '0.29.0',
      detail: undefined,
    });
  });

  it('is unhealthy, saying why, on another status or an HTTP error', async () => {
    expect(
      await ksqlInfo(
        'http://h:1',
        2_000,
        recorded(200, '{"KsqlServerInfo":{"version":"0.29.0","serverStatus":"ERROR"}}'),
      ),
    ).toMatchObject({ healthy: false, detail: 'serverStatus is ERROR' });
    expect(await ksqlInfo('http://h:1', 2_000, recorded(503, '{}'))).toMatchObject({
      healthy: false,
      detail: 'GET /info answered HTTP 503',
    });
  });

  it('is unhealthy with the cause when the connection fails', async () => {
    const refused = (async () => {
      throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:18088') });
    }) as typeof fetch;
    expect(await ksqlInfo('http://127.0.0.1:18088', 2_000, refused)).toMatchObject({
      healthy: false,
      detail: 'connect ECONNREFUSED 127.0.0.1:18088',
    });
  });
});
