// The bad cases of `ziem stack up|down|status`, each with a clear error and nothing left behind:
// a port held by a foreign process (named, before anything starts), java or mvn missing, a component
// dying at start (with its last log lines), stale pid files (dead pid, or a pid reused by another
// program that `down` must not touch, or a lost pid file), and `status --json` through the CLI.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeContext, type Context } from '../../../cli/context.js';
import type { Config } from '../../../cli/config/config.js';
import { runCli } from '../../../cli/main.js';
import { startStack } from '../../../cli/stack/up.js';
import { stopStack } from '../../../cli/stack/down.js';
import { componentPaths } from '../../../cli/stack/layout.js';
import { isAlive, writePidFile } from '../../../cli/stack/processes.js';
import { testConfig } from '../support/stack-fixture.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'ziem-stack-bad-'));
  dirs.push(d);
  return d;
}

function capture(
  config: Config,
  env: Record<string, string | undefined> = process.env,
): { ctx: Context; err: () => string } {
  let text = '';
  const sink = { write: (s: string) => (text += s) };
  return { ctx: makeContext({ config, stdout: sink, stderr: sink, env }), err: () => text };
}

async function rejection(p: Promise<unknown>): Promise<Error & { code?: string; hint?: string }> {
  try {
    await p;
  } catch (err) {
    return err as Error & { code?: string; hint?: string };
  }
  throw new Error('expected a rejection');
}

let blocker: Server;
let blockedPort: number;

beforeAll(async () => {
  blocker = createServer();
  await new Promise<void>((r) => blocker.listen({ host: '127.0.0.1', port: 0 }, r));
  blockedPort = (blocker.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise((r) => blocker.close(r));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('stack up refuses to start', () => {
  it('when a port is taken by a process that is not ours, naming port, field and process', async () => {
    const stateDir = tempDir();
    const { ctx } = capture(await testConfig(stateDir, { 'kafka.port': blockedPort }));
    const err = await rejection(startStack(ctx, { components: ['kafka'] }));
    expect(err.code).toBe('PORT_TAKEN');
    expect(err.message).toContain(
      `port ${blockedPort} (kafka.port, for kafka) on 127.0.0.1 is taken by pid ${process.pid}`,
    );
    expect(err.message).toMatch(/node/);
    expect(err.hint).toMatch(/ZIEM_KAFKA_PORT/);
    expect(existsSync(componentPaths(stateDir, 'kafka').pidFile)).toBe(false);
    expect(existsSync(componentPaths(stateDir, 'kafka').log)).toBe(false);
  });

  it('when java is missing, with the install hint', async () => {
    const { ctx } = capture(await testConfig(tempDir()), { ...process.env, JAVA_HOME: '/nonexistent/jdk' });
    const err = await rejection(startStack(ctx, { components: ['kafka'] }));
    expect(err.code).toBe('PREREQUISITE');
    expect(err.message).toContain('/nonexistent/jdk/bin/java');
    expect(err.hint).toMatch(/install-prereqs\.sh|apt-get install/);
  });

  it('when mvn is missing and the jars are not cached, with the install hint', async () => {
    const stateDir = tempDir();
    const config = await testConfig(stateDir, { 'stack.jarCacheDir': join(stateDir, 'empty-cache') });
    const { ctx } = capture(config, { ...process.env, MAVEN_HOME: '/nonexistent/maven' });
    const err = await rejection(startStack(ctx, { components: ['kafka'] }));
    expect(err.code).toBe('PREREQUISITE');
    expect(err.message).toMatch(/mvn not found/);
    expect(err.hint).toMatch(/apt-get install/);
  });
});

describe('stack up with a component that dies at start', () => {
  it('reports the exit and the last lines of its log, and leaves nothing running', async () => {
    const stateDir = tempDir();
    const config = await testConfig(stateDir);
    const data = componentPaths(stateDir, 'kafka').data;
    mkdirSync(data, { recursive: true });
    // storage formatted for another node: Kafka refuses to start with it
    writeFileSync(
      join(data, 'meta.properties'),
      'version=1\ncluster.id=AAAAAAAAAAAAAAAAAAAAAA\nnode.id=7\ndirectory.id=AAAAAAAAAAAAAAAAAAAAAA\n',
    );
    const { ctx } = capture(config);
    const err = await rejection(startStack(ctx, { components: ['kafka'] }));
    expect(err.code).toBe('COMPONENT_DIED');
    expect(err.message).toMatch(/^kafka exited with code \d+ while starting; last lines of .*kafka\.log:\n/);
    expect(err.message).toMatch(/node/i);
    expect(existsSync(componentPaths(stateDir, 'kafka').pidFile)).toBe(false);
  });
});

describe('stale pid files', () => {
  it('up replaces a pid file whose process is gone; down finds a lost one by markers and never signals a reused pid', async () => {
    const stateDir = tempDir();
    const config = await testConfig(stateDir);
    const paths = componentPaths(stateDir, 'kafka');
    const dead = spawn('true');
    await new Promise((r) => dead.on('exit', r));
    writePidFile(paths.pidFile, {
      pid: dead.pid as number,
      component: 'kafka',
      startedAt: '2020-01-01T00:00:00Z',
      ports: [],
    });
    const { ctx, err } = capture(config);
    const up = await startStack(ctx, { components: ['kafka'] });
    const kafkaPid = up.components[0]?.pid as number;
    try {
      expect(err()).toContain(`kafka: removing stale pid file ${paths.pidFile} (pid ${dead.pid} is not running)`);
      expect(up.components[0]).toMatchObject({ name: 'kafka', started: true });
      // a lost pid file does not orphan the broker: down finds it by its command-line markers
      rmSync(paths.pidFile);
      const down = await stopStack(ctx, { purge: true });
      expect(down.stopped.map((s) => [s.name, s.pid])).toEqual([['kafka', kafkaPid]]);
      expect(err()).toContain(`kafka: found running pid ${kafkaPid} of this state directory without a pid file`);
      expect(isAlive(kafkaPid)).toBe(false);
    } finally {
      await stopStack(ctx, { purge: true });
    }

    const stranger = spawn('sleep', ['60']);
    writePidFile(paths.pidFile, {
      pid: stranger.pid as number,
      component: 'kafka',
      startedAt: '2020-01-01T00:00:00Z',
      ports: [],
    });
    const res = await stopStack(ctx);
    expect(res.stopped).toEqual([]);
    expect(isAlive(stranger.pid as number)).toBe(true);
    expect(err()).toContain(`(pid ${stranger.pid} is now another program)`);
    expect(existsSync(paths.pidFile)).toBe(false);
    stranger.kill('SIGKILL');
  });
});

describe('ziem stack status --json', () => {
  it('lists every component as not healthy on a stopped stack and exits 1', async () => {
    const stateDir = tempDir();
    let out = '';
    let errText = '';
    const code = await runCli(['--state-dir', stateDir, '--json', 'stack', 'status'], {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (errText += s) },
      env: {},
      cwd: stateDir,
    });
    expect(code).toBe(1);
    const doc = JSON.parse(out) as { components: Array<{ name: string; healthy: boolean; running: boolean }> };
    expect(doc.components.map((c) => [c.name, c.healthy, c.running])).toEqual([
      ['kafka', false, false],
      ['neo4j', false, false],
      ['connect', false, false],
      ['ksql', false, false],
    ]);
    expect(errText).toMatch(/not healthy: kafka, neo4j, connect, ksql/);
    expect(readdirSync(stateDir)).toEqual([]);
  });
});
