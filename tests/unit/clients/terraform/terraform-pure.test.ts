// The Terraform wrapper's pure parts: decoding and rendering Terraform's JSON UI (recorded lines
// of terraform 1.11), the lock ID, the GCS backend override, config -> tfvars, the cost estimate
// and the plan review.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../cli/config/config.js';
import { ConfigError, UsageError } from '../../../../core/errors/ziem-error.js';
import { decodeUiLine, formatDiagnostic, progressLine } from '../../../../cli/clients/terraform/json-ui.js';
import { estimateHourlyCost, MACHINE_USD_PER_HOUR } from '../../../../cli/clients/terraform/gcp-cost.js';
import { gcpTfvars } from '../../../../cli/clients/terraform/gcp-tfvars.js';
import { confirmApply, renderPlan } from '../../../../cli/clients/terraform/plan-review.js';
import { lockIdOf } from '../../../../cli/clients/terraform/terraform-client.js';
import { backendFor, prepareWorkdir } from '../../../../cli/clients/terraform/workdir.js';
import { CAPTURE_FIELDS } from '../../../../cli/sandbox/capture-fields.js';

const APPLY_COMPLETE =
  '{"@level":"info","@message":"terraform_data.slow[0]: Creation complete after 6s [id=12db24af-7679-f7f3-0976-f8dca623f501]","@module":"terraform.ui","hook":{"resource":{"addr":"terraform_data.slow[0]","module":"","resource":"terraform_data.slow[0]","implied_provider":"terraform","resource_type":"terraform_data","resource_name":"slow","resource_key":0},"action":"create","id_key":"id","id_value":"12db24af-7679-f7f3-0976-f8dca623f501","elapsed_seconds":6},"type":"apply_complete"}';
const LOCK_DIAGNOSTIC =
  '{"@level":"error","@message":"Error: Error acquiring the state lock","@module":"terraform.ui","diagnostic":{"severity":"error","summary":"Error acquiring the state lock","detail":"Error message: resource temporarily unavailable\\nLock Info:\\n  ID:        202b0012-6bf2-0f0e-4a29-a75615abb645\\n  Path:      /tmp/tfx/state.tfstate\\n  Operation: OperationTypeApply"},"type":"diagnostic"}';
const FILE_DIAGNOSTIC =
  '{"@level":"error","@message":"Error: Unsupported argument","diagnostic":{"severity":"error","summary":"Unsupported argument","detail":"An argument named \\"foo\\" is not expected here.","range":{"filename":"main.tf","start":{"line":12,"column":3,"byte":200},"end":{"line":12,"column":6,"byte":203}}},"type":"diagnostic"}';

describe("Terraform's JSON UI", () => {
  it('renders a resource hook as a progress line', () => {
    expect(progressLine(decodeUiLine(APPLY_COMPLETE)!)).toBe(
      'terraform_data.slow[0]: create complete after 6 s [id=12db24af-7679-f7f3-0976-f8dca623f501]',
    );
  });

  it('formats diagnostics with file:line, and without a place when there is none', () => {
    const d = decodeUiLine(FILE_DIAGNOSTIC)!;
    expect(d.type).toBe('diagnostic');
    if (d.type !== 'diagnostic') return;
    expect(formatDiagnostic(d.diagnostic, '/w/module')).toBe(
      '/w/module/main.tf:12: Error: Unsupported argument\n  An argument named "foo" is not expected here.',
    );
    const lock = decodeUiLine(LOCK_DIAGNOSTIC)!;
    if (lock.type !== 'diagnostic') throw new Error('not a diagnostic');
    expect(formatDiagnostic(lock.diagnostic).split('\n')[0]).toBe('Error: Error acquiring the state lock');
    expect(lockIdOf(lock.diagnostic.detail)).toBe('202b0012-6bf2-0f0e-4a29-a75615abb645');
  });

  it('keeps lines it does not know as unknown instead of failing', () => {
    expect(decodeUiLine('not json')).toEqual({ type: 'unknown', raw: 'not json' });
    expect(decodeUiLine('{"type":"state_lock_acquire","@message":"Acquiring"}')!.type).toBe('unknown');
    expect(decodeUiLine('   ')).toBeUndefined();
  });
});

describe('the sandbox working directory', () => {
  it('puts local state under the state dir per sandbox name, or GCS with a prefix per name', () => {
    expect(backendFor('/s', 'red', undefined)).toEqual({ kind: 'local', statePath: '/s/gcp/red/terraform.tfstate' });
    expect(backendFor('/s', 'red', 'bkt')).toEqual({ kind: 'gcs', bucket: 'bkt', prefix: 'ziem/red' });
    const root = mkdtempSync(join(tmpdir(), 'ziem-wd-'));
    try {
      const wd = prepareWorkdir({
        sourceModule: join(import.meta.dirname, '../../../fixtures/terraform/basic'),
        root,
        backend: backendFor(root, 'red', 'bkt'),
        vars: { name: 'x' },
      });
      expect(JSON.parse(readFileSync(join(wd.moduleDir, 'backend_override.tf.json'), 'utf8'))).toEqual({
        terraform: { backend: { gcs: {} } },
      });
      expect(wd.backendConfig).toEqual({ bucket: 'bkt', prefix: 'ziem/red' });
      expect(JSON.parse(readFileSync(join(wd.moduleDir, 'terraform.tfvars.json'), 'utf8'))).toEqual({ name: 'x' });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

const BUNDLE = { path: '/state/gcp/ziem/stack-bundle.tar.gz', sha256: 'ab'.repeat(32) };

describe('ziem config -> terraform/gcp variables', () => {
  const config = (flags: Record<string, unknown>) => loadConfig({ env: {}, cwd: '/tmp', flags });

  it('maps the gcp settings and the capture contract', () => {
    const v = gcpTfvars(
      config({ 'gcp.project': 'my-proj-1', 'gcp.capture': 'mirroring', 'sandbox.hosts': 'web,web,attacker' }),
      BUNDLE,
    );
    expect(v).toMatchObject({
      project: 'my-proj-1',
      region: 'europe-west1',
      sandbox_name: 'ziem',
      hosts: ['web', 'web', 'attacker'],
      capture: 'mirroring',
      capture_topic: 'network-traffic',
      stack_bundle_path: '/state/gcp/ziem/stack-bundle.tar.gz',
      stack_bundle_sha256: 'ab'.repeat(32),
    });
    expect(v.capture_fields).toEqual([...CAPTURE_FIELDS]);
    expect(v.platform_ports).toContain(9092);
  });

  it('names the missing project, and rejects a malformed one at load time', () => {
    expect(() => gcpTfvars(config({}), BUNDLE)).toThrow(ConfigError);
    expect(() => gcpTfvars(config({}), BUNDLE)).toThrow(/field gcp\.project/);
    expect(() => config({ 'gcp.project': 'Bad_Project' })).toThrow(/field gcp\.project: .*Google Cloud project ID/);
  });
});

describe('the cost estimate and the plan review', () => {
  const vars = {
    hosts: ['web', 'db', 'workstation', 'attacker'],
    capture: 'agent' as const,
    sandbox_machine_type: 'e2-small',
    stack_machine_type: 'e2-standard-4',
  };

  it('prices machine types x counts, disks and NAT, and names its source', () => {
    const c = estimateHourlyCost(vars);
    const vmsOnly = 4 * MACHINE_USD_PER_HOUR['e2-small']! + MACHINE_USD_PER_HOUR['e2-standard-4']!;
    expect(c.lines[0]).toEqual({ what: 'sandbox VM e2-small', count: 4, usdPerHour: 4 * 0.0168 });
    expect(c.usdPerHour).toBeGreaterThan(vmsOnly);
    expect(c.usdPerHour).toBeLessThan(vmsOnly + 0.05);
    expect(c.source).toMatch(/us-central1/);
    const mirrored = estimateHourlyCost({ ...vars, capture: 'mirroring' });
    expect(mirrored.usdPerHour - c.usdPerHour).toBeGreaterThan(MACHINE_USD_PER_HOUR['e2-medium']!);
  });

  it('reports a machine type it has no price for instead of counting it as free', () => {
    const c = estimateHourlyCost({ ...vars, stack_machine_type: 'c3-highmem-8' });
    expect(c.unknown).toEqual(['c3-highmem-8']);
    expect(c.lines[1]!.usdPerHour).toBeUndefined();
    const text = renderPlan(
      {
        planFile: 'p',
        changes: [{ resource: { addr: 'a.b', module: '', resource_type: 'a', resource_name: 'b' }, action: 'create' }],
        summary: { add: 1, change: 0, remove: 0, operation: 'plan' },
      },
      c,
    );
    expect(text[0]).toBe('Plan: 1 to add, 0 to change, 0 to destroy.');
    expect(text).toContain('  create: a.b');
    expect(text).toContain('  stack VM c3-highmem-8: price unknown');
    expect(text).toContain('  not in the price table (not counted): c3-highmem-8');
  });

  it('applies with --yes, asks otherwise, and refuses without a terminal', async () => {
    expect(await confirmApply({ yes: true, confirm: undefined, question: 'q' })).toBe(true);
    expect(await confirmApply({ yes: false, confirm: async () => false, question: 'q' })).toBe(false);
    await expect(confirmApply({ yes: false, confirm: undefined, question: 'q' })).rejects.toThrow(UsageError);
  });
});
