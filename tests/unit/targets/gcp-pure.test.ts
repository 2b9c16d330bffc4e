// The gcp target's pure parts: the deploy flags as config overrides, Terraform outputs to the
// deployment and attack-sim's layout (a malformed output is an error naming it), shell quoting of
// the IAP SSH command, where Application Default Credentials are found, and gcloud's error line.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../cli/config/config.js';
import { makeContext } from '../../../cli/context.js';
import { ConfigError } from '../../../core/errors/ziem-error.js';
import { withGcpFlags } from '../../../cli/targets/gcp/flags.js';
import { gcpLayout, hasDeployment, readDeployment } from '../../../cli/targets/gcp/outputs.js';
import { shellQuote } from '../../../cli/targets/gcp/gcp-runner.js';
import { adcSource } from '../../../cli/targets/gcp/preflight.js';
import { gcloudErrorLine } from '../../../cli/targets/gcp/gcloud.js';

const ctx = () =>
  makeContext({ config: loadConfig({ env: {}, cwd: '/tmp', flags: {} }), stderr: { write: () => true } });

const outputs = (over: Record<string, unknown> = {}) =>
  Object.fromEntries(
    Object.entries({
      sandbox_name: 'red',
      project: 'my-proj-1',
      zone: 'europe-west1-b',
      overlay_cidr: '10.77.0.0/24',
      stack: { instance: 'ziem-red-stack', zone: 'europe-west1-b', internal_ip: '10.10.1.10' },
      endpoints: {
        kafka_bootstrap: '10.10.1.10:9092',
        ports: { kafka: 9092, ksql: 8088, connect: 8083, neo4j_bolt: 7687, neo4j_http: 7474, model: 8501, ui: 8080 },
      },
      sandbox_hosts: {
        web: {
          role: 'web',
          instance: 'ziem-red-web',
          zone: 'https://www.googleapis.com/compute/v1/projects/my-proj-1/zones/europe-west1-b',
          internal_ip: '10.10.0.10',
          overlay_ip: '10.77.0.2',
        },
        attacker: {
          role: 'attacker',
          instance: 'ziem-red-attacker',
          zone: 'europe-west1-b',
          internal_ip: '10.10.0.11',
          overlay_ip: '10.77.0.3',
        },
      },
      ...over,
    }).map(([k, value]) => [k, { sensitive: false, value }]),
  );

describe('deploy flags', () => {
  it('override project, region (with a zone in it), hosts and capture', () => {
    const c = withGcpFlags(ctx(), {
      project: 'other-proj-2',
      region: 'us-central1',
      hosts: 'web,attacker',
      capture: 'mirroring',
    }).config;
    expect(c.gcp).toMatchObject({
      project: 'other-proj-2',
      region: 'us-central1',
      zone: 'us-central1-b',
      capture: 'mirroring',
    });
    expect(c.sandbox.hosts).toEqual(['web', 'attacker']);
    expect(withGcpFlags(ctx(), {}).config.gcp.zone).toBe('europe-west1-b');
  });

  it('refuse bad values by the same rules as ziem.yaml', () => {
    expect(() => withGcpFlags(ctx(), { project: 'Bad_Project' })).toThrow(ConfigError);
    expect(() => withGcpFlags(ctx(), { project: 'Bad_Project' })).toThrow(
      /--project Bad_Project: .*Google Cloud project ID/,
    );
    expect(() => withGcpFlags(ctx(), { hosts: 'web,mailserver' })).toThrow(/--hosts web,mailserver: .*got mailserver/);
    expect(() => withGcpFlags(ctx(), { region: 'EU' })).toThrow(/--region EU/);
  });
});

describe("terraform/gcp's outputs", () => {
  it('become the deployment and a layout on the overlay', () => {
    const d = readDeployment(outputs());
    expect(d.hosts.find((h) => h.name === 'web')!.zone).toBe('europe-west1-b');
    expect(d.ports.ksql).toBe(8088);
    const l = gcpLayout(d);
    expect(l.cidr).toBe('10.77.0.0/24');
    expect(l.hosts).toContainEqual({
      name: 'attacker',
      role: 'attacker',
      ip: '10.77.0.3',
      ns: 'ziem-red-attacker',
      veth: 'ziem-red-attacker',
    });
  });

  it('name what is missing or malformed', () => {
    expect(hasDeployment({})).toBe(false);
    expect(() => readDeployment(outputs({ stack: { instance: 'x', zone: 'z' } }))).toThrow(
      'terraform output stack.internal_ip: missing or not a string',
    );
    expect(() =>
      readDeployment(
        outputs({
          sandbox_hosts: { mail: { role: 'mail', instance: 'i', zone: 'z', internal_ip: 'a', overlay_ip: 'b' } },
        }),
      ),
    ).toThrow('terraform output sandbox_hosts.mail.role: unknown role "mail"');
    expect(() =>
      readDeployment(outputs({ endpoints: { kafka_bootstrap: 'k', ports: { kafka: 9092, ksql: 'x' } } })),
    ).toThrow('terraform output endpoints.ports.ksql: missing or not a port');
  });
});

describe('the IAP SSH command line', () => {
  it('quotes every argument so the remote shell gets it back unchanged', () => {
    const argv = ['printf', '%s\n', "it's", 'a b', '$(id)', '`x`', '', 'plain-1.2'];
    const q = shellQuote(argv);
    expect(q.startsWith("printf '%s\n' ")).toBe(true);
    const r = spawnSync('sh', ['-c', q]);
    expect(r.stdout.toString()).toBe("it's\na b\n$(id)\n`x`\n\nplain-1.2\n");
  });
});

describe('preflight helpers', () => {
  it('finds Application Default Credentials where the google provider looks', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ziem-adc-'));
    try {
      expect(adcSource({ HOME: dir })).toBeUndefined();
      expect(adcSource({ HOME: dir, GOOGLE_APPLICATION_CREDENTIALS: join(dir, 'nope.json') })).toBeUndefined();
      writeFileSync(join(dir, 'k.json'), '{}');
      expect(adcSource({ HOME: dir, GOOGLE_APPLICATION_CREDENTIALS: join(dir, 'k.json') })).toBe(join(dir, 'k.json'));
      expect(adcSource({ HOME: dir, GOOGLE_OAUTH_ACCESS_TOKEN: 'x' })).toBe('GOOGLE_OAUTH_ACCESS_TOKEN');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keeps gcloud's ERROR line (recorded format) and what follows it", () => {
    expect(
      gcloudErrorLine(
        'WARNING: something\nERROR: (gcloud.compute.ssh) [/usr/bin/ssh] exited with return code [255].\n',
      ),
    ).toBe('ERROR: (gcloud.compute.ssh) [/usr/bin/ssh] exited with return code [255].');
    expect(gcloudErrorLine('just a line\n')).toBe('just a line');
  });
});
