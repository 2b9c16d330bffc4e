// The compose target's Docker-facing behaviour (up, down, ps/inspect, exec) against a fake docker
// CLI (fake-docker.mjs, replaying the output formats of Docker 27 / Compose v2.29 and
// docker-compose 1.29) and a fake engine socket answering GET /_ping as dockerd does: there is no
// Docker engine on this machine. What is real: the rendered file (checked by the real
// docker-compose v1 config), the .env's mode and content, the plan, convergence, the runner's
// argv, and the missing-engine error of the built CLI (no socket at all).
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { makeContext, type Context } from '../../../cli/context.js';
import { ephemeralConfig } from '../../../cli/stack/ephemeral-config.js';
import { composeTarget } from '../../../cli/targets/compose/compose-target.js';
import { composeFile } from '../../../cli/targets/compose/compose-project.js';
import { udfJarPath } from '../../../cli/targets/compose/compose-paths.js';
import type { ComposePlan } from '../../../cli/targets/compose/compose-plan.js';
import { projectRoot } from '../../../cli/stack/layout.js';

const ROOT = projectRoot();
let work: string;
let server: Server;
let env: Record<string, string>;
let ctx: Context;
const err: string[] = [];

interface Call {
  tool: string;
  argv: string[];
  sshpass: boolean;
}
const calls = (): Call[] =>
  readFileSync(env['FAKE_DOCKER_LOG']!, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Call);

beforeAll(async () => {
  // the image's inputs: the built CLI and the UDF jar (as `mvn … verify` writes it; package suffices)
  if (!existsSync(join(ROOT, 'dist', 'cli', 'bin.js')))
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (!existsSync(udfJarPath(ROOT)))
    execFileSync('mvn', ['-q', '-f', join(ROOT, 'udf-bridge/java/pom.xml'), '-DskipTests', 'package'], {
      stdio: 'inherit',
    });
  work = mkdtempSync(join(tmpdir(), 'ziem-compose-target-'));
  const bin = join(work, 'bin');
  mkdirSync(bin);
  for (const tool of ['docker', 'docker-compose']) {
    writeFileSync(
      join(bin, tool),
      `#!/bin/sh\nFAKE_DOCKER_AS=${tool} exec "${process.execPath}" "${join(import.meta.dirname, 'fake-docker.mjs')}" "$@"\n`,
    );
    chmodSync(join(bin, tool), 0o755);
  }
  // dockerd's answer to GET /_ping (status 200, body OK, the API headers)
  const sock = join(work, 'docker.sock');
  server = createServer((req, res) => {
    res.writeHead(req.url === '/_ping' ? 200 : 404, {
      'Api-Version': '1.47',
      'Docker-Experimental': 'false',
      Ostype: 'linux',
      Server: 'Docker/27.3.1 (linux)',
      'Content-Type': 'text/plain; charset=utf-8',
    });
    res.end(req.url === '/_ping' ? 'OK' : '{"message":"page not found"}');
  });
  await new Promise<void>((r) => server.listen(sock, r));
  env = {
    PATH: `${bin}:${process.env['PATH']}`,
    DOCKER_HOST: `unix://${sock}`,
    FAKE_DOCKER_STATE: join(work, 'state.json'),
    FAKE_DOCKER_LOG: join(work, 'calls.log'),
  };
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(work, { recursive: true, force: true });
});

const EXTRA = {
  'ksql.migrationsDir': join(ROOT, 'ksql'),
  'connectors.dir': join(ROOT, 'connectors'),
  'stack.startTimeoutMs': 5_000,
};

beforeEach(async () => {
  const stateDir = mkdtempSync(join(work, 'state-'));
  const config = await ephemeralConfig(stateDir, EXTRA);
  writeFileSync(env['FAKE_DOCKER_LOG']!, '');
  rmSync(env['FAKE_DOCKER_STATE']!, { force: true });
  delete env['FAKE_DOCKER_COMPOSE'];
  delete env['FAKE_DOCKER_UNHEALTHY'];
  err.length = 0;
  ctx = makeContext({ config, env, stdout: { write: () => true }, stderr: { write: (s: string) => err.push(s) } });
});

/** `compose up` of everything again (what a plan holds once a service has gone unhealthy). */
const upAll: ComposePlan = {
  steps: [{ kind: 'compose-up', services: ['kafka', 'neo4j', 'ksqldb'], render: false }],
  notes: [],
};
const upOnly = (plan: ComposePlan): ComposePlan => ({
  steps: plan.steps.filter((s) => s.kind === 'compose-up'),
  notes: [],
});

describe('compose target with a fake docker CLI', () => {
  it('plans every step on a fresh machine, then `up --wait` renders the file and .env and converges', async () => {
    const plan = await composeTarget.plan(ctx);
    expect(plan.steps.map((s) => s.kind)).toEqual([
      'compose-up',
      'ksql-apply',
      'graph-schema',
      'connectors-apply',
      'model-train',
      'model-load',
      'ksql-apply',
    ]);
    expect(composeTarget.renderPlan(plan)).toMatch(
      /1\. render the compose file from ziem\.yaml and docker compose up: kafka, neo4j/,
    );

    await composeTarget.apply(ctx, upOnly(plan));
    const file = composeFile(ctx.config.stateDir);
    const envFile = join(file, '..', '.env');
    expect(statSync(envFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(envFile, 'utf8')).toMatch(/^NEO4J_PASSWORD=\S{16,}\nZIEM_UI_TOKEN=\S{16,}\n$/);
    // the map's token in the .env is the one under the state dir (0600) a person opens the map with
    const uiToken = readFileSync(join(ctx.config.stateDir, 'secrets', 'ui.token'), 'utf8').trim();
    expect(statSync(join(ctx.config.stateDir, 'secrets', 'ui.token')).mode & 0o777).toBe(0o600);
    expect(readFileSync(envFile, 'utf8')).toContain(`ZIEM_UI_TOKEN=${uiToken}\n`);
    expect(readFileSync(file, 'utf8')).not.toContain(uiToken);
    // the real docker-compose accepts the file as written, with its .env
    execFileSync('/usr/bin/docker-compose', ['-f', file, '--profile', 'sandbox', 'config', '-q'], { stdio: 'pipe' });
    expect(readFileSync(file, 'utf8')).toContain(`127.0.0.1}:${ctx.config.kafka.port}:${ctx.config.kafka.port}`);

    const up = calls().find((c) => c.argv.includes('up'))!;
    expect(up.argv).toEqual([
      'compose',
      '-p',
      'ziem',
      '-f',
      file,
      '--profile',
      'sandbox',
      'up',
      '-d',
      '--build',
      '--remove-orphans',
      '--wait',
    ]);

    // second plan: nothing of compose's own to do (the platform steps remain: no ksqlDB answers here)
    const again = await composeTarget.plan(ctx);
    expect(again.steps.map((s) => s.kind)).not.toContain('compose-up');
    const status = await composeTarget.status(ctx);
    expect(status.parts.every((p) => p.healthy)).toBe(true);
    expect(status.parts.map((p) => p.name)).toEqual(
      expect.arrayContaining(['kafka', 'ksqldb', 'attacker', 'capture-web']),
    );
  });

  it('plans compose up again when a service is unhealthy or ziem.yaml renders a different file', async () => {
    await composeTarget.apply(ctx, upOnly(await composeTarget.plan(ctx)));
    env['FAKE_DOCKER_UNHEALTHY'] = 'neo4j';
    await expect(composeTarget.apply(ctx, upAll)).rejects.toThrow(/compose .* up .* failed: .*unhealthy/s);
    const down = await composeTarget.plan(ctx);
    expect(down.steps[0]).toEqual({ kind: 'compose-up', services: ['neo4j'], render: false });

    const changed = makeContext({
      config: await ephemeralConfig(ctx.config.stateDir, { ...EXTRA, 'kafka.heapMb': 768 }),
      env,
      stderr: { write: () => true },
    });
    const p = await composeTarget.plan(changed);
    expect(p.steps[0]).toMatchObject({ kind: 'compose-up', render: true });
    expect((p.steps[0] as unknown as { services: string[] }).services).toContain('kafka');
  });

  it('uses docker-compose v1 without --wait and waits on the healthchecks itself', async () => {
    env['FAKE_DOCKER_COMPOSE'] = 'v1';
    await composeTarget.apply(ctx, upOnly(await composeTarget.plan(ctx)));
    const up = calls().find((c) => c.argv.includes('up'))!;
    expect(up.tool).toBe('docker-compose');
    expect(up.argv).not.toContain('--wait');
    expect(calls().some((c) => c.argv[0] === 'inspect')).toBe(true);

    env['FAKE_DOCKER_UNHEALTHY'] = 'ksqldb';
    await expect(composeTarget.apply(ctx, upAll)).rejects.toThrow(
      /not healthy after 5000 ms: ksqldb \(running, unhealthy\)/,
    );
  });

  it('runs attack-sim tools with `docker compose exec -T`, SSHPASS by name only', async () => {
    await composeTarget.apply(ctx, upOnly(await composeTarget.plan(ctx)));
    const sb = await composeTarget.sandbox!(ctx);
    // the runner spawns docker as attack-sim would, with this process's environment
    const saved = { PATH: process.env['PATH'], DOCKER_HOST: process.env['DOCKER_HOST'] };
    Object.assign(process.env, {
      PATH: env['PATH'],
      DOCKER_HOST: env['DOCKER_HOST'],
      FAKE_DOCKER_STATE: env['FAKE_DOCKER_STATE'],
      FAKE_DOCKER_LOG: env['FAKE_DOCKER_LOG'],
    });
    onTestFinished(() => {
      Object.assign(process.env, saved);
    });
    const attacker = sb.layout.hosts.find((h) => h.role === 'attacker')!;
    expect(attacker.ip).toBe('10.77.0.5');
    const r = await sb.runner.run(attacker, 'nmap', ['-sS', '10.77.0.2']);
    expect(r.stdout).toBe('ran on attacker: nmap -sS 10.77.0.2\n');
    const exec = calls().find((c) => c.argv.includes('exec'))!;
    expect(exec.argv.slice(-7)).toEqual(
      ['exec', '-T', '-e', 'SSHPASS', 'attacker', 'nmap', '-sS', '10.77.0.2'].slice(-7),
    );
  });

  it('destroy stops what runs, --purge removes the volumes and the rendered project; again it is a no-op', async () => {
    await composeTarget.apply(ctx, upOnly(await composeTarget.plan(ctx)));
    const r = await composeTarget.destroy(ctx, {});
    expect(r.stopped).toEqual(expect.arrayContaining(['kafka', 'neo4j', 'connect', 'ksqldb', 'model-server', 'db']));
    expect(
      calls()
        .find((c) => c.argv.includes('down'))!
        .argv.slice(-2),
    ).toEqual(['down', '--remove-orphans']);
    await composeTarget.apply(ctx, upOnly(await composeTarget.plan(ctx)));
    const purged = await composeTarget.destroy(ctx, { purge: true });
    expect(purged.purged).toBe(true);
    expect(
      calls()
        .filter((c) => c.argv.includes('down'))
        .at(-1)!
        .argv.slice(-3),
    ).toEqual(['down', '--remove-orphans', '-v']);
    expect(existsSync(composeFile(ctx.config.stateDir))).toBe(false);
    expect(await composeTarget.destroy(ctx, {})).toEqual({ stopped: [], purged: false });
  });
});

describe('without a Docker engine', () => {
  it('`ziem deploy --target compose` names the socket it tried, exits 1 and starts nothing', () => {
    const stateDir = mkdtempSync(join(work, 'noengine-'));
    const sock = join(work, 'no-such.sock');
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'dist/cli/bin.js'), '--state-dir', stateDir, 'deploy', '--target', 'compose'],
      {
        env: { ...process.env, ...env, DOCKER_HOST: `unix://${sock}` },
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`no Docker engine answers at unix://${sock} (ENOENT)`);
    expect(existsSync(join(stateDir, 'compose'))).toBe(false);
    expect(calls().some((c) => c.argv.includes('up'))).toBe(false);
  });
});
