// The gcp target end to end on this machine: the real terraform binary on a terraform_data fixture
// with terraform/gcp's outputs (tests/fixtures/terraform/gcp-outputs), a fake gcloud on PATH that
// replays gcloud's recorded output formats (tests/fixtures/gcloud/fake-gcloud.mjs), and the real
// engine's ksqlDB server behind the fake's IAP tunnel, so the ksql/ migrations of the platform
// steps run for real through it. Google Cloud itself is never reached.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../cli/config/config.js';
import { makeContext, type Context } from '../../../cli/context.js';
import { makeGcpTarget } from '../../../cli/targets/gcp/gcp-target.js';
import { checkTarget } from '../../../cli/sandbox/guardrails.js';
import { KsqlServer } from '../../../engine/server/server.js';
import { ZiemError } from '../../../core/errors/ziem-error.js';
import { projectRoot } from '../../../cli/stack/layout.js';
import { udfJarPath } from '../../../cli/targets/compose/compose-paths.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures');
const PROJECT = 'ziem-test-4711';
let root: string;
let ksql: KsqlServer;
let ksqlPort: number;
const log: string[] = [];

interface FakeConfig {
  accounts?: Array<{ account: string; status: string }>;
  projects?: Record<string, Record<string, unknown>>;
  tunnels?: Record<string, number>;
  ssh?: Record<string, { root: string }>;
  instances?: unknown[];
}

function fakeGcloud(name: string, cfg: FakeConfig): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(FIXTURES, 'gcloud/fake-gcloud.mjs'), join(dir, 'gcloud'));
  writeFileSync(join(dir, 'fake-gcloud.json'), JSON.stringify({ log: join(dir, 'calls.log'), ...cfg }));
  return join(dir, 'gcloud');
}

const calls = (bin: string): Array<{ argv?: string[]; closed?: string }> =>
  existsSync(`${bin}/../calls.log`) || existsSync(join(bin, '..', 'calls.log'))
    ? readFileSync(join(bin, '..', 'calls.log'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { argv?: string[]; closed?: string })
    : [];

function context(stateName: string, env: Record<string, string> = {}): Context {
  const stateDir = join(root, stateName);
  const adc = join(root, 'adc.json');
  writeFileSync(adc, '{"type":"authorized_user"}\n', { mode: 0o600 });
  const cliConfig = join(root, 'terraform.rc');
  writeFileSync(cliConfig, '# no provider installation, no credentials\n');
  const config = loadConfig({
    env: {},
    cwd: join(import.meta.dirname, '../../..'),
    flags: { stateDir, 'gcp.project': PROJECT, 'sandbox.hosts': 'web,db,attacker' },
  });
  return makeContext({
    config,
    stdout: { write: (s: string) => log.push(s) },
    stderr: { write: (s: string) => log.push(s) },
    env: { TF_CLI_CONFIG_FILE: cliConfig, GOOGLE_APPLICATION_CREDENTIALS: adc, HOME: root, ...env },
  });
}

const accounts = [{ account: 'dev@example.com', status: 'ACTIVE' }];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'ziem-gcp-'));
  // the checkout the stack bundle is made of: compose/, dist/ (with the map), the npm manifests, the UDF jar
  for (const [file, text] of [
    ['compose/docker-compose.yml', 'services: {}\n'],
    ['dist/cli/bin.js', '// cli\n'],
    ['dist/ui/app.js', '// map\n'],
    ['package.json', '{}\n'],
    ['package-lock.json', '{}\n'],
    [relative(projectRoot(), udfJarPath(projectRoot())), 'jar\n'],
  ] as const) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  ksql = new KsqlServer({ host: '127.0.0.1', port: 0 });
  ksqlPort = Number(new URL(await ksql.start()).port);
});

afterAll(async () => {
  await ksql?.close();
  rmSync(root, { recursive: true, force: true });
});

const sources = () => ({ moduleDir: join(FIXTURES, 'terraform/gcp-outputs'), stackRoot: root });

async function failure(p: Promise<unknown>): Promise<ZiemError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ZiemError);
    return e as ZiemError;
  }
  throw new Error('expected a ZiemError');
}

describe('preflight: nothing is planned or created before gcloud, credentials and the project check out', () => {
  it('names a missing gcloud', async () => {
    const t = makeGcpTarget({ ...sources(), gcloudBin: join(root, 'no-such-gcloud') });
    const e = await failure(t.plan(context('pre1')));
    expect(e.message).toMatch(/^cannot run .*no-such-gcloud: spawn .* ENOENT$/);
    expect(e.hint).toMatch(/install the Google Cloud CLI/);
    expect(existsSync(join(root, 'pre1', 'gcp'))).toBe(false);
  });

  // the real Google Cloud CLI, where it is installed (Google's apt repository, not Debian's: CI
  // machines may not have it), with a configuration directory of its own and so no account
  const realGcloud = spawnSync('gcloud', ['--version'], { stdio: 'ignore' }).status === 0;
  it.skipIf(!realGcloud)('refuses with the real gcloud when it has no account', async () => {
    const t = makeGcpTarget(sources());
    const e = await failure(t.plan(context('pre0', { CLOUDSDK_CONFIG: join(root, 'gcloud-config') })));
    expect(e.message).toBe('gcloud has no active account: nothing can reach Google Cloud');
    expect(existsSync(join(root, 'pre0', 'gcp'))).toBe(false);
  });

  it('refuses without an active account, and without Application Default Credentials', async () => {
    const none = makeGcpTarget({ ...sources(), gcloudBin: fakeGcloud('g-noacct', { accounts: [] }) });
    expect((await failure(none.plan(context('pre2')))).message).toBe(
      'gcloud has no active account: nothing can reach Google Cloud',
    );
    const noAdc = makeGcpTarget({ ...sources(), gcloudBin: fakeGcloud('g-noadc', { accounts }) });
    const e = await failure(
      noAdc.plan(context('pre3', { GOOGLE_APPLICATION_CREDENTIALS: join(root, 'missing.json') })),
    );
    expect(e.message).toBe("no Application Default Credentials for Terraform's google provider");
    expect(existsSync(join(root, 'pre3', 'gcp'))).toBe(false);
  });

  it("refuses a project the account cannot see, with gcloud's own error", async () => {
    const t = makeGcpTarget({ ...sources(), gcloudBin: fakeGcloud('g-noproj', { accounts, projects: {} }) });
    const e = await failure(t.plan(context('pre4')));
    expect(e.code).toBe('GCP_PROJECT');
    expect(e.message).toBe(
      `project "${PROJECT}" cannot be used: ERROR: (gcloud.projects.describe) [dev@example.com] does not have permission to access projects instance [${PROJECT}] (or it may not exist): The caller does not have permission`,
    );
    expect(existsSync(join(root, 'pre4', 'gcp'))).toBe(false);
  });
});

describe('deploy, sandbox, status and destroy through terraform, IAP tunnels and IAP SSH', () => {
  let gcloud: string;
  const stack = 'ziem-ziem-stack';

  beforeAll(async () => {
    // on the stack VM the capture agents' topic exists before the migrations read it; here a
    // stream created with PARTITIONS makes it, and dropping the stream keeps the topic
    for (const sql of [
      "CREATE STREAM SEED_TOPIC (X STRING) WITH (KAFKA_TOPIC='network-traffic', PARTITIONS=1, VALUE_FORMAT='JSON');",
      'DROP STREAM SEED_TOPIC;',
    ])
      expect(
        (
          await fetch(`http://127.0.0.1:${ksqlPort}/ksql`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/vnd.ksql.v1+json' },
            body: JSON.stringify({ ksql: sql, streamsProperties: {} }),
          })
        ).status,
      ).toBe(200);
    const vmRoot = join(root, 'vm-stack');
    mkdirSync(join(vmRoot, 'opt/ziem'), { recursive: true });
    writeFileSync(join(vmRoot, 'opt/ziem/secrets.env'), 'NEO4J_PASSWORD=vm-generated-Secret-42\n');
    gcloud = fakeGcloud('g-ok', {
      accounts,
      projects: { [PROJECT]: {} },
      // ksqlDB answers for real; nothing listens behind Connect, Neo4j and the map (no such services here)
      tunnels: {
        [`${stack}:8088`]: ksqlPort,
        [`${stack}:8083`]: 1,
        [`${stack}:7687`]: 1,
        [`${stack}:7474`]: 1,
        [`${stack}:8080`]: 1,
      },
      ssh: { [stack]: { root: vmRoot }, 'ziem-ziem-attacker': { root: join(root, 'vm-attacker') } },
      instances: ['stack', 'web', 'db', 'attacker'].map((n) => ({
        name: `ziem-ziem-${n}`,
        status: n === 'db' ? 'TERMINATED' : 'RUNNING',
        zone: `https://www.googleapis.com/compute/v1/projects/${PROJECT}/zones/europe-west1-b`,
        labels: { 'ziem-sandbox': 'ziem', 'managed-by': 'ziem' },
      })),
    });
  });

  it('plans with the summary and the hourly cost, and refuses to apply unconfirmed', async () => {
    const ctx = context('dep');
    const t = makeGcpTarget({ ...sources(), gcloudBin: gcloud });
    const plan = await t.plan(ctx);
    expect(plan.steps.map((s) => s.kind)).toEqual([
      'terraform-apply',
      'ksql-apply',
      'graph-schema',
      'connectors-apply',
    ]);
    const text = t.renderPlan(plan);
    expect(text).toMatch(/^Plan: 4 to add, 0 to change, 0 to destroy\.$/m);
    expect(text).toMatch(/^Estimated cost while it runs: \$0\.\d{3}\/hour$/m);
    expect(text).toContain('  3 x sandbox VM e2-small: $0.0504/h');
    // no terminal and no --yes: a refusal; a "no": cancelled; neither creates anything
    expect((await failure(t.apply(ctx, plan))).message).toBe('no terminal to confirm the plan on');
    const no = makeGcpTarget({ ...sources(), gcloudBin: gcloud, confirm: async () => false });
    const noPlan = await no.plan(ctx);
    expect((await failure(no.apply(ctx, noPlan))).message).toBe('deploy cancelled: nothing was created');
    expect(existsSync(join(root, 'dep/gcp/ziem/terraform.tfstate'))).toBe(false);
  });

  it('applies, runs the migrations through the tunnel, stops at the first failing step and closes every tunnel', async () => {
    const ctx = context('dep');
    const t = makeGcpTarget({ ...sources(), gcloudBin: gcloud, serviceTimeoutMs: 3_000 });
    const plan = await t.plan(ctx);
    const e = await failure(t.apply(ctx, plan, { yes: true }));
    // Neo4j is not behind its tunnel here: the graph step fails, after the migrations went through
    expect(log.join('')).toMatch(/gcp: create the graph constraints/);
    expect(e.message).toMatch(/^the stack's Neo4j did not answer at http:\/\/127\.0\.0\.1:\d+\/ within 3 s$/);
    expect(e.message).not.toContain('vm-generated-Secret-42');
    const streams = await fetch(`http://127.0.0.1:${ksqlPort}/ksql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/vnd.ksql.v1+json' },
      body: JSON.stringify({ ksql: 'SHOW STREAMS;', streamsProperties: {} }),
    }).then((r) => r.text());
    expect(streams).toContain('MIGRATION_EVENTS');
    expect(streams).toContain('PACKETS');
    const c = calls(gcloud);
    const tunnels = c.filter((x) => x.argv?.[1] === 'start-iap-tunnel');
    expect(tunnels.map((x) => x.argv![3]).sort()).toEqual(['7474', '7687', '8080', '8083', '8088']);
    expect(tunnels.every((x) => x.argv!.some((a) => /^--local-host-port=127\.0\.0\.1:\d+$/.test(a)))).toBe(true);
    expect(c.filter((x) => x.closed).length).toBe(5);
    // the password was read from the stack VM over IAP SSH
    expect(c.some((x) => x.argv?.[1] === 'ssh' && x.argv.includes('--tunnel-through-iap'))).toBe(true);
    expect(log.join('')).not.toContain('vm-generated-Secret-42');
  });

  it("gives attack-sim the outputs' sandbox VMs and an IAP SSH runner that refuses any other host", async () => {
    const ctx = context('dep');
    mkdirSync(join(root, 'vm-attacker'), { recursive: true });
    const t = makeGcpTarget({ ...sources(), gcloudBin: gcloud });
    const { layout, runner } = await t.sandbox(ctx);
    // outside deploy's tunnels the endpoints are the configured ones (attack-sim's labels go there)
    expect(t.endpoints(ctx).kafkaBootstrap).toBe(ctx.config.kafka.bootstrap);
    expect(layout.cidr).toBe('10.77.0.0/24');
    expect(layout.hosts.map((h) => `${h.name} ${h.role} ${h.ip}`)).toEqual([
      'attacker attacker 10.77.0.4',
      'db db 10.77.0.3',
      'web web 10.77.0.2',
    ]);
    const attacker = layout.hosts.find((h) => h.name === 'attacker')!;
    const r = await runner.run(attacker, 'printf', ['%s|', "it's", 'a b', '$HOME']);
    expect(r.stdout).toBe("it's|a b|$HOME|");
    const [, args] = runner.argv(attacker, 'nmap', ['-sS', '10.77.0.2']);
    expect(args.slice(0, 4)).toEqual(['compute', 'ssh', 'ziem-ziem-attacker', '--zone=europe-west1-b']);
    expect(args).toContain('--tunnel-through-iap');
    expect(() => runner.argv({ ...attacker, name: 'intruder' }, 'nmap', [])).toThrow(
      /not a sandbox VM of sandbox ziem/,
    );
    expect(() => checkTarget('8.8.8.8', { layout, ownAddresses: [] })).toThrow(/outside the sandbox network/);
    expect(checkTarget('db', { layout, ownAddresses: [] }).ip).toBe('10.77.0.3');
  });

  it("reports each VM's state from gcloud and the services through tunnels", async () => {
    const t = makeGcpTarget({ ...sources(), gcloudBin: gcloud });
    const s = await t.status(context('dep'));
    const by = Object.fromEntries(s.parts.map((p) => [p.name, p]));
    expect(by['ziem-ziem-stack']!.healthy).toBe(true);
    expect(by['ziem-ziem-db']).toMatchObject({ healthy: false, detail: 'TERMINATED, 10.10.0.11' });
    expect(by['ksql']).toMatchObject({ healthy: true, detail: 'HTTP 200 through the IAP tunnel' });
    expect(by['connect']).toMatchObject({ healthy: false });
    expect(by['ui']).toMatchObject({ healthy: false, detail: 'no answer through the IAP tunnel' });
  });

  it('destroys only when confirmed, then everything', async () => {
    const ctx = context('dep');
    const t = makeGcpTarget({ ...sources(), gcloudBin: gcloud });
    expect((await failure(t.destroy(ctx, {}))).message).toBe('no terminal to confirm the plan on');
    const r = await t.destroy(ctx, { yes: true });
    expect(r.stopped.sort()).toContain('terraform_data.stack');
    expect(r.stopped).toHaveLength(4);
    expect((await t.destroy(ctx, { yes: true })).stopped).toEqual([]);
    expect((await t.status(ctx)).parts).toEqual([
      { name: 'sandbox', healthy: false, detail: 'sandbox ziem is not deployed' },
    ]);
  });
});
