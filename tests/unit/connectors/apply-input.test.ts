// What `ziem connectors apply` decides before it talks to Connect: nothing to apply for an empty
// directory, every unresolved placeholder of every file in one error, and a clear message when the
// worker never answers. The worker URL is a closed port; a call that is made fails the test.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConnectClient } from '../../../core/connect/connect-client.js';
import { loadConfig } from '../../../cli/config/config.js';
import { makeContext } from '../../../cli/context.js';
import { runConnectorsApply } from '../../../cli/connectors/apply.js';
import { isSecretField } from '../../../cli/connectors/placeholders.js';
import type { ConnectorDeps } from '../../../cli/connectors/connect-session.js';

const CLS = 'org.neo4j.connectors.kafka.sink.Neo4jConnector';

function setup(files: Record<string, unknown>, env: Record<string, string> = {}) {
  const dir = join(mkdtempSync(join(tmpdir(), 'ziem-apply-')), 'connectors');
  mkdirSync(dir);
  for (const [f, body] of Object.entries(files)) writeFileSync(join(dir, f), JSON.stringify(body));
  const config = loadConfig({
    env: {},
    cwd: dir,
    flags: { 'connect.url': 'http://127.0.0.1:9', 'connectors.dir': dir },
  });
  let out = '';
  let err = '';
  const ctx = makeContext({
    config,
    env,
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
  });
  let calls = 0;
  const deps: ConnectorDeps = {
    client: new ConnectClient({
      baseUrl: config.connect.url,
      fetch: (async () => {
        calls++;
        throw new TypeError('fetch failed');
      }) as typeof fetch,
    }),
    retry: {
      retries: 2,
      initialDelayMs: 1,
      maxDelayMs: 1,
      multiplier: 1,
      sleep: async () => undefined,
      random: () => 0,
    },
  };
  return { ctx, deps, out: () => out, err: () => err, calls: () => calls };
}

describe('connectors apply before Connect', () => {
  it('has nothing to apply in an empty directory and calls nothing', async () => {
    const s = setup({});
    const res = await runConnectorsApply(s.ctx, { dryRun: false }, s.deps);
    expect(res.applied).toEqual([]);
    expect(s.err()).toMatch(/no connector files \(\*\.json\) in .*connectors: nothing to apply/);
    expect(s.calls()).toBe(0);
  });

  it('reports every unresolved placeholder of every file at once, before any call', async () => {
    const s = setup(
      {
        'a.json': {
          name: 'a',
          config: {
            'connector.class': CLS,
            'neo4j.uri': '${env:A_URI}',
            'neo4j.authentication.basic.password': '${env:A_PW}',
          },
        },
        'b.json': {
          name: 'b',
          config: { 'connector.class': CLS, 'neo4j.authentication.basic.password': '${file:missing.properties:pw}' },
        },
      },
      { A_PW: 'ok' },
    );
    const err = await runConnectorsApply(s.ctx, { dryRun: true }, s.deps).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'PLACEHOLDER', hint: expect.stringContaining('nothing was applied') });
    const lines = (err as Error).message.split('\n').map((l) => l.trim());
    expect(lines[1]).toBe('connectors/a.json: field neo4j.uri: environment variable A_URI is not set');
    expect(lines[2]).toMatch(
      /^connectors\/b\.json: field neo4j\.authentication\.basic\.password: cannot read .*missing\.properties$/,
    );
    expect(lines).toHaveLength(3);
    expect(s.calls()).toBe(0);
  });

  it('names the unreachable worker and the setting to fix, and never leaks a resolved secret', async () => {
    const s = setup(
      {
        'a.json': {
          name: 'a',
          config: { 'connector.class': CLS, 'neo4j.authentication.basic.password': '${env:A_PW}' },
        },
      },
      { A_PW: 'pw-7d1e' },
    );
    const err = await runConnectorsApply(s.ctx, { dryRun: false }, s.deps).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'CONNECT_UNREACHABLE',
      message: 'Kafka Connect at http://127.0.0.1:9 is not reachable (gave up after 3 attempts)',
      hint: expect.stringContaining('connect.url'),
    });
    expect(s.calls()).toBe(3);
    expect(s.ctx.secrets).toContain('pw-7d1e');
    expect(s.out() + s.err()).not.toContain('pw-7d1e');
  });

  it('masks only values resolved into secret-named fields (a user name stays readable)', async () => {
    const s = setup(
      {
        'a.json': {
          name: 'a',
          config: {
            'connector.class': CLS,
            'neo4j.authentication.basic.username': '${env:A_USER}',
            'neo4j.authentication.basic.password': '${env:A_PW}',
          },
        },
      },
      { A_USER: 'neo4j', A_PW: 'pw-7d1e' },
    );
    await runConnectorsApply(s.ctx, { dryRun: true }, s.deps).catch(() => undefined);
    expect(s.ctx.secrets).toEqual(['pw-7d1e']);
    expect(
      [
        'neo4j.authentication.basic.password',
        'ssl.key.password',
        'api.key',
        'oauth.token',
        'ssl.truststore.password',
      ].every(isSecretField),
    ).toBe(true);
    expect(['neo4j.uri', 'neo4j.authentication.basic.username', 'key.converter', 'topics'].some(isSecretField)).toBe(
      false,
    );
  });
});
