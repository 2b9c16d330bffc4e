// Test setup shared by integration tests: starts the real local stack (or a part of it) with the same
// code as `ziem stack up`, on free loopback ports and a fresh temporary state directory, and stops it
// again. Jars come from the shared cache (~/.cache/ziem/jars), resolved once by the first run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../../cli/config/config.js';
import { makeContext, type Context } from '../../../cli/context.js';
import { ephemeralConfig } from '../../../cli/stack/ephemeral-config.js';
import { startStack } from '../../../cli/stack/up.js';
import { stopStack } from '../../../cli/stack/down.js';
import { readNeo4jPassword } from '../../../cli/stack/neo4j-password.js';

/** ksql is the embedded engine's ksqlDB server (built CLI, Kafka driver); it brings Kafka and Connect. */
export type StackComponent = 'kafka' | 'connect' | 'neo4j' | 'ksql';

export interface TestStack {
  config: Config;
  /** The context the stack was started with (progress goes to the test's stderr). */
  ctx: Context;
  bootstrap: string;
  connectUrl: string;
  /** The engine server's REST endpoint (answers only when ksql is started). */
  ksqlUrl: string;
  boltUrl: string;
  neo4jUser: string;
  /** Plain text, for test clients only; empty when neo4j is not started. */
  neo4jPassword: string;
  stop(): Promise<void>;
}

/** Free ports, the given state directory, smaller heaps; `extra` overrides fields by path. */
export const testConfig = (stateDir: string, extra: Record<string, unknown> = {}): Promise<Config> =>
  ephemeralConfig(stateDir, extra);

export async function startTestStack(opts: { components?: StackComponent[] } = {}): Promise<TestStack> {
  const stateDir = mkdtempSync(join(tmpdir(), 'ziem-stack-'));
  const config = await testConfig(stateDir);
  const ctx = makeContext({ config, stdout: process.stderr, stderr: process.stderr, env: process.env });
  // ZIEM_KEEP_TEST_STATE=1 keeps the state directory (logs, data) for a post-mortem
  const keep = process.env['ZIEM_KEEP_TEST_STATE'] === '1';
  let pids: number[] = [];
  // safety net for a test file that forgets stop() or whose worker exits early: no JVM outlives it
  const killOnExit = (): void => {
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  process.once('exit', killOnExit);
  const stop = async (): Promise<void> => {
    process.off('exit', killOnExit);
    await stopStack(ctx, { purge: !keep });
    if (keep) process.stderr.write(`kept the test stack's state in ${stateDir}\n`);
    else rmSync(stateDir, { recursive: true, force: true });
  };
  try {
    pids = (await startStack(ctx, { components: opts.components })).components.map((c) => c.pid);
  } catch (err) {
    await stop();
    throw err;
  }
  const password = readNeo4jPassword(config);
  return {
    config,
    ctx,
    stop,
    bootstrap: config.kafka.bootstrap,
    connectUrl: config.connect.url,
    ksqlUrl: config.ksql.url,
    boltUrl: `bolt://${config.bindHost}:${config.neo4j.boltPort}`,
    neo4jUser: config.neo4j.user,
    neo4jPassword: password ? password.reveal() : '',
  };
}
