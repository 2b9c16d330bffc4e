// The Terraform wrapper against the real terraform binary and a fixture root module that uses only
// the built-in terraform_data resource (tests/fixtures/terraform/basic): plan, apply, output and
// destroy with the JSON stream rendered as progress, a failing resource's diagnostic with its
// file:line, two runs on one state (the second waits, then fails on the lock with a force-unlock
// hint), and an interrupt mid-apply (forwarded once, waited for, no lock left behind). Each test
// has a TF_CLI_CONFIG_FILE of its own.
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TerraformError } from '../../../core/errors/ziem-error.js';
import { runTool } from '../../../cli/sandbox/run-tool.js';
import { TerraformClient } from '../../../cli/clients/terraform/terraform-client.js';
import type { InterruptSource } from '../../../cli/clients/terraform/terraform-process.js';
import { backendFor, prepareWorkdir } from '../../../cli/clients/terraform/workdir.js';

const FIXTURE = join(import.meta.dirname, '../../fixtures/terraform/basic');
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

class FakeInterrupts implements InterruptSource {
  readonly ee = new EventEmitter();
  on(l: () => void): void {
    this.ee.on('int', l);
  }
  off(l: () => void): void {
    this.ee.off('int', l);
  }
  fire(): void {
    this.ee.emit('int');
  }
}

function sandbox(vars: Record<string, unknown>, o: { lockTimeoutMs?: number; interrupts?: InterruptSource } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'ziem-tf-'));
  dirs.push(root);
  const cliConfig = join(root, 'terraform.rc');
  writeFileSync(cliConfig, '# this test sets nothing: no provider installation, no credentials\n');
  const wd = prepareWorkdir({
    sourceModule: FIXTURE,
    root: join(root, 'sandbox'),
    backend: backendFor(root, 'test', undefined),
    vars,
  });
  const log: string[] = [];
  const client = (extra: { lockTimeoutMs?: number; interrupts?: InterruptSource } = {}): TerraformClient =>
    new TerraformClient({
      workDir: wd.moduleDir,
      dataDir: wd.dataDir,
      pluginCacheDir: join(root, 'plugin-cache'),
      lockTimeoutMs: extra.lockTimeoutMs ?? o.lockTimeoutMs ?? 10_000,
      env: { PATH: process.env['PATH'], HOME: root, TF_CLI_CONFIG_FILE: cliConfig },
      log: (l) => log.push(l),
      interrupts: extra.interrupts ?? o.interrupts,
    });
  return { root, wd, log, tf: client(), client };
}

async function failure(p: Promise<unknown>): Promise<TerraformError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(TerraformError);
    return e as TerraformError;
  }
  throw new Error('expected a TerraformError');
}

describe('TerraformClient with the real terraform', () => {
  it('plans, applies, reads outputs and destroys, showing progress resource by resource', async () => {
    const { tf, wd, log, root } = sandbox({ name: 'alpha' });
    expect(statSync(join(wd.moduleDir, 'terraform.tfvars.json')).mode & 0o777).toBe(0o600);
    await tf.init(wd.backendConfig);
    const plan = await tf.plan(wd.planFile);
    expect(plan.summary).toMatchObject({ add: 3, change: 0, remove: 0, operation: 'plan' });
    expect(plan.changes.map((c) => `${c.action} ${c.resource.addr}`).sort()).toEqual([
      'create terraform_data.host[0]',
      'create terraform_data.host[1]',
      'create terraform_data.network',
    ]);
    const applied = await tf.apply(wd.planFile);
    expect(applied).toMatchObject({ add: 3, operation: 'apply' });
    expect(log).toContain('terraform_data.network: creating...');
    expect(log.some((l) => /^terraform_data\.host\[1\]: create complete after \d+ s \[id=[0-9a-f-]+\]$/.test(l))).toBe(
      true,
    );
    expect(log).toContain('Apply complete! Resources: 3 added, 0 changed, 0 destroyed.');
    // the network comes before the hosts that depend on it
    expect(log.indexOf('terraform_data.network: creating...')).toBeLessThan(
      log.indexOf('terraform_data.host[0]: creating...'),
    );
    const out = await tf.output();
    expect(out['hosts']).toEqual({ sensitive: false, value: ['alpha-host-0', 'alpha-host-1'] });
    expect(out['network']).toEqual({ sensitive: false, value: 'alpha-net' });
    expect(out['token']!.sensitive).toBe(true);
    // the state is where the backend was told to put it: under the state dir, per sandbox name
    expect(statSync(join(root, 'gcp', 'test', 'terraform.tfstate')).isFile()).toBe(true);
    const destroyed = await tf.destroy();
    expect(destroyed).toMatchObject({ remove: 3, operation: 'destroy' });
    expect(await tf.output()).toEqual({});
  });

  it("fails on a failing resource with Terraform's diagnostic and its file:line", async () => {
    const { tf, wd, log } = sandbox({ name: 'beta', fail: true });
    await tf.init(wd.backendConfig);
    await tf.plan(wd.planFile);
    const err = await failure(tf.apply(wd.planFile));
    expect(err.exitCode).toBe(1);
    expect(err.message).toMatch(
      /^terraform apply failed \(exit 1\): .*\/module\/main\.tf:\d+: Error: local-exec provisioner error \(terraform_data\.broken\[0\]\)$/,
    );
    expect(err.stderrTail).toContain('exit status 3');
    // terraform's elapsed_seconds: 0 on a quiet machine, 1 or more under load (a CI run saw it)
    expect(log).toContainEqual(expect.stringMatching(/^terraform_data\.broken\[0\]: create FAILED after \d+ s$/));
    expect(log).toContain('terraform_data.broken[0]: failing on purpose');
    // the resources that did not depend on it were still created
    expect(log).toContain('terraform_data.network: creating...');
  });

  it('makes a second run on the same state wait for the lock, then fail clearly with a force-unlock hint', async () => {
    const s = sandbox({ name: 'gamma', sleep_seconds: 8 });
    await s.tf.init(s.wd.backendConfig);
    await s.tf.plan(s.wd.planFile);
    const first = s.tf.apply(s.wd.planFile);
    while (!s.log.some((l) => l.includes('provisioner local-exec started')))
      await new Promise((r) => setTimeout(r, 100));
    const second = s.client({ lockTimeoutMs: 2_000 });
    const started = Date.now();
    const err = await failure(second.plan(join(s.root, 'second.tfplan')));
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    expect(err.message).toBe('terraform plan: the state is locked by another run');
    expect(err.hint).toMatch(/waited 2s\).* terraform -chdir=.*\/module force-unlock [0-9a-f]{8}-[0-9a-f-]+$/);
    expect(await first).toMatchObject({ add: 4 });
  });

  it('forwards an interrupt once, waits for terraform to stop, and leaves no lock behind', async () => {
    const interrupts = new FakeInterrupts();
    const s = sandbox({ name: 'delta', sleep_seconds: 60 }, { interrupts });
    await s.tf.init(s.wd.backendConfig);
    await s.tf.plan(s.wd.planFile);
    const applying = s.tf.apply(s.wd.planFile);
    while (!s.log.some((l) => l.includes('provisioner local-exec started')))
      await new Promise((r) => setTimeout(r, 100));
    interrupts.fire();
    interrupts.fire(); // a second Ctrl-C must not be passed on (Terraform would abandon its work)
    const err = await failure(applying);
    expect(err.message).toBe('terraform apply was interrupted and stopped cleanly');
    expect(s.log.filter((l) => l.startsWith('interrupt:'))).toHaveLength(1);
    expect(interrupts.ee.listenerCount('int')).toBe(0);
    // nothing of the interrupted provisioner (sh -c "sleep 60") is left running
    const sleeping = await runTool('pgrep', ['-f', `sleep 60$`], { okCodes: [0, 1] });
    const mine = sleeping.stdout
      .split('\n')
      .filter(Boolean)
      .filter((pid) => readFileSync(`/proc/${pid}/environ`, 'utf8').includes(s.root));
    expect(mine).toEqual([]);
    // the lock is free: a run that does not wait at all gets it
    const next = await s.client({ lockTimeoutMs: 0 }).plan(join(s.root, 'after.tfplan'));
    expect(next.summary.operation).toBe('plan');
  });
});
