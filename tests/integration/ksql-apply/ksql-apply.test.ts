// `ziem ksql apply | info | validate` against the embedded engine's real REST server on a free
// port: apply from scratch, re-apply, a new file, an edited file, a failing statement fixed and
// re-applied, two concurrent applies, dry run, and an unreachable server.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KsqlServer } from '../../../engine/server/server.js';
import { loadConfig } from '../../../cli/config/config.js';
import { makeContext, type Context } from '../../../cli/context.js';
import { runApply } from '../../../cli/ksql/apply.js';
import { runInfo, runValidate } from '../../../cli/ksql/info.js';
import { KsqlDbClient } from '../../../cli/clients/ksqldb/client.js';
import { ksqlServeCommand } from '../../../cli/stack/component-ksql.js';
import { runServe } from '../../../cli/ksql-engine/serve.js';

const V1 = `-- packets
CREATE STREAM PACKETS (SRC STRING KEY, DST STRING, LEN INT)
  WITH (KAFKA_TOPIC='packets', VALUE_FORMAT='JSON', PARTITIONS=1);
`;
const V2 = `DEFINE min_len = '100';
SET 'auto.offset.reset' = 'earliest';
CREATE STREAM BIG AS SELECT SRC, DST, LEN FROM PACKETS WHERE LEN > \${min_len} EMIT CHANGES;
INSERT INTO PACKETS (SRC, DST, LEN) VALUES ('10.0.0.1', '10.0.0.2', 1500);
`;
const V3_BROKEN = `CREATE STREAM SMALL AS SELECT SRC, LEN FROM NO_SUCH_STREAM EMIT CHANGES;
`;
const V3_FIXED = `CREATE STREAM SMALL AS SELECT SRC, LEN FROM PACKETS WHERE LEN < 100 EMIT CHANGES;
`;

let server: KsqlServer;
let url = '';
let dir = '';

function context(o: { url?: string; lockTimeoutMs?: number } = {}): {
  ctx: Context;
  out: () => string;
  err: () => string;
} {
  let out = '';
  let err = '';
  const config = loadConfig({
    env: {
      ZIEM_KSQL_URL: o.url ?? url,
      ZIEM_KSQL_TIMEOUT_MS: '5000',
      ZIEM_KSQL_LOCK_TIMEOUT_MS: String(o.lockTimeoutMs ?? 60_000),
    },
    cwd: dir,
  });
  const ctx = makeContext({
    config,
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
  });
  return { ctx, out: () => out, err: () => err };
}

const write = (name: string, text: string) => writeFileSync(join(dir, 'ksql', name), text);
const all = { mode: { kind: 'all' } as const, dryRun: false, defines: {}, breakLock: false };

async function currentRow(): Promise<unknown[] | undefined> {
  const client = new KsqlDbClient({ baseUrl: url, timeoutMs: 5000 });
  const r = await client.query(
    "SELECT VERSION, STATE, ERROR_REASON FROM MIGRATION_SCHEMA_VERSIONS WHERE VERSION_KEY = 'CURRENT';",
  );
  return r.rows[0];
}

beforeAll(async () => {
  server = new KsqlServer({ host: '127.0.0.1', port: 0 });
  url = await server.start();
  dir = mkdtempSync(join(tmpdir(), 'ziem-apply-'));
  mkdirSync(join(dir, 'ksql'));
});
afterAll(async () => {
  await server?.close();
});

describe('ziem ksql apply on the embedded engine', () => {
  it('prints a dry run and sends nothing', async () => {
    write('V000001__Packets.sql', V1);
    const c = context();
    const r = await runApply(c.ctx, { ...all, dryRun: true });
    expect(r.applied).toEqual([]);
    expect(c.out()).toContain('would apply version 1 (Packets)');
    expect(c.out()).toContain("KAFKA_TOPIC='packets'");
    const client = new KsqlDbClient({ baseUrl: url, timeoutMs: 5000 });
    const shown = await client.ksql('SHOW STREAMS;');
    expect(JSON.stringify(shown)).not.toContain('PACKETS');
  });

  it('applies from scratch, creating the metadata, and records MIGRATED', async () => {
    write('V000002__Big_packets.sql', V2);
    const c = context();
    const r = await runApply(c.ctx, all);
    expect(r).toEqual({ applied: [1, 2], current: 2 });
    expect(c.err()).toContain('creating migration metadata stream MIGRATION_EVENTS');
    expect(c.err()).toMatch(/ok +ksql\/V000002__Big_packets\.sql:3/);
    expect(await currentRow()).toEqual(['2', 'MIGRATED', 'N/A']);
  });

  it('does nothing, with exit status 0, when re-applied', async () => {
    const c = context();
    expect(await runApply(c.ctx, all)).toEqual({ applied: [], current: 2 });
    expect(c.out()).toContain('No eligible migrations found; version 2 is current.');
  });

  it('marks a failing version ERROR, reports file:line and the server message, and retries it once fixed', async () => {
    write('V000003__Small_packets.sql', V3_BROKEN);
    const c = context();
    const err = (await runApply(c.ctx, all).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/^ksql\/V000003__Small_packets\.sql:1: statement failed \(ksqlDB 40001\): /);
    expect(err.message).toContain('NO_SUCH_STREAM');
    const row = await currentRow();
    expect(row?.slice(0, 2)).toEqual(['3', 'ERROR']);
    expect(String(row?.[2])).toContain('Failed to execute sql: CREATE STREAM SMALL');
    write('V000003__Small_packets.sql', V3_FIXED);
    expect(await runApply(context().ctx, all)).toEqual({ applied: [3], current: 3 });
  });

  it('lists states and checksums with info, and validate names an edited applied file', async () => {
    const c = context();
    const info = await runInfo(c.ctx);
    expect(info.current).toBe(3);
    expect(info.versions.map((v) => [v.version, v.state])).toEqual([
      [1, 'MIGRATED'],
      [2, 'MIGRATED'],
      [3, 'MIGRATED'],
    ]);
    await runValidate(context().ctx);
    write('V000001__Packets.sql', V1 + '-- edited\n');
    await expect(runValidate(context().ctx)).rejects.toThrow('1 applied migration(s) do not match the local files');
    write('V000004__More.sql', 'CREATE STREAM MORE AS SELECT * FROM PACKETS EMIT CHANGES;\n');
    await expect(runApply(context().ctx, all)).rejects.toThrow(/V000001__Packets\.sql: edited after it was applied/);
    write('V000001__Packets.sql', V1);
  });

  it('lets only one of two concurrent applies run a version; the other waits', async () => {
    const a = context();
    const b = context();
    const [ra, rb] = await Promise.all([runApply(a.ctx, all), runApply(b.ctx, all)]);
    expect([...ra.applied, ...rb.applied]).toEqual([4]);
    expect(a.err() + b.err()).toContain('waiting for the migration lock');
  });

  it('resumes a version that failed midway after the fix, instead of failing on "already exists" (issue 16 #6)', async () => {
    const first = 'CREATE STREAM HALF AS SELECT SRC, LEN FROM PACKETS WHERE LEN > 1000 EMIT CHANGES;\n';
    write('V000007__Half.sql', first + 'INSERT INTO HALF SELECT SRC, LEN FROM NO_SUCH_STREAM EMIT CHANGES;\n');
    const err = (await runApply(context().ctx, all).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/V000007__Half\.sql:2: statement failed/);
    expect(String((await currentRow())?.[2])).toMatch(/\[ziem progress: 1 statement done, [0-9a-f]{16}\]$/);
    write('V000007__Half.sql', first + "INSERT INTO PACKETS (SRC, DST, LEN) VALUES ('10.0.0.9', '10.0.0.2', 2000);\n");
    const c = context();
    expect(await runApply(c.ctx, all)).toEqual({ applied: [7], current: 7 });
    expect(c.err()).toContain('(by the earlier attempt)');
  });

  it('reports a file below the current version that was never applied, rather than skipping it (issue 16 #13)', async () => {
    write('V000006__Between.sql', 'CREATE STREAM BETWEEN_ AS SELECT * FROM PACKETS EMIT CHANGES;\n');
    try {
      await expect(runApply(context().ctx, all)).rejects.toThrow(
        /V000006__Between\.sql: below the current version 7 and never applied/,
      );
    } finally {
      rmSync(join(dir, 'ksql', 'V000006__Between.sql'));
    }
  });

  it('fails fast and clearly when the server is unreachable', async () => {
    const c = context({ url: 'http://127.0.0.1:1' });
    await expect(runApply(c.ctx, all)).rejects.toThrow(/cannot reach ksqlDB at http:\/\/127\.0\.0\.1:1|gave up after/);
  });
});

describe("the project's ksql/ on a fresh server (issue 16 #14)", () => {
  it('applies every version although no capture has created the capture topic yet', async () => {
    const root = join(import.meta.dirname, '..', '..', '..');
    // the engine server as `ziem stack up` starts it (its remote functions), on in-memory topics
    const serveConfig = loadConfig({ env: {}, cwd: root });
    const args = ksqlServeCommand(serveConfig).args;
    const properties = Object.fromEntries(
      args.flatMap((a, i) => (args[i - 1] === '--property' ? [a.split(/=(.*)/s).slice(0, 2)] : [])),
    ) as Record<string, string>;
    let served = '';
    const stop = new AbortController();
    const serveCtx = makeContext({
      config: serveConfig,
      stdout: { write: (s: string) => (served += s) },
      stderr: { write: () => true },
    });
    const running = runServe(serveCtx, {
      host: '127.0.0.1',
      port: 0,
      driver: 'memory',
      properties,
      signal: stop.signal,
    });
    try {
      while (!/^http:/.test(served)) await new Promise((r) => setTimeout(r, 50));
      const freshUrl = served.trim();
      const config = loadConfig({ env: { ZIEM_KSQL_URL: freshUrl, ZIEM_KSQL_TIMEOUT_MS: '20000' }, cwd: root });
      const ctx = makeContext({ config, stdout: { write: () => true }, stderr: { write: () => true } });
      const r = await runApply(ctx, all);
      expect(r.applied[0]).toBe(1);
      expect(r.current).toBe(r.applied.at(-1));
      const client = new KsqlDbClient({ baseUrl: freshUrl, timeoutMs: 5000 });
      expect(JSON.stringify(await client.ksql('SHOW TOPICS;'))).toContain('"network-traffic"');
    } finally {
      stop.abort();
      await running;
    }
  }, 120_000);
});
