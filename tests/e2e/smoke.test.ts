// `ziem smoke --json` through the built binary, as CI runs it: a whole local deployment on free
// ports with its own sandbox network and state directory, normal traffic without alerts, three
// attacks each detected within 15 s, the graph equal to FLOWS, then destroy. Needs root.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { ephemeralConfig } from '../../cli/stack/ephemeral-config.js';
import { freePort } from '../../cli/stack/ports.js';
import { configEnv } from '../../cli/stack/child-env.js';
import { testNetwork, leftovers } from '../integration/sandbox/sandbox-fixture.js';

const bin = resolve('dist/cli/bin.js');
const stateDir = mkdtempSync(join(tmpdir(), 'ziem-smoke-'));

afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

describe('ziem smoke', () => {
  it('passes: no false alert, every attack detected within 15 s, graph = FLOWS, nothing left behind', async () => {
    const net = testNetwork();
    const config = await ephemeralConfig(stateDir, {
      'ksql.url': `http://127.0.0.1:${await freePort()}`,
      'sandbox.prefix': net.prefix,
      'sandbox.cidr': net.cidr,
      'ksql.migrationsDir': resolve('ksql'),
      'connectors.dir': resolve('connectors'),
    });
    const r = await execa('node', [bin, '--state-dir', stateDir, '--json', 'smoke'], {
      reject: false,
      env: configEnv(config),
      cwd: stateDir,
    });
    const report = JSON.parse(r.stdout) as {
      passed: boolean;
      scenarios: Record<string, { detected: boolean; seconds: number | null }>;
      falseAlerts: number;
    };
    expect(report, r.stderr.split('\n').slice(-30).join('\n')).toMatchObject({
      passed: true,
      falseAlerts: 0,
      scenarios: { portscan: { detected: true }, synflood: { detected: true }, bruteforce: { detected: true } },
    });
    for (const s of Object.values(report.scenarios)) expect(s.seconds).toBeLessThanOrEqual(15);
    expect(r.exitCode).toBe(0);
    expect(await leftovers(net.prefix)).toEqual([]);
  });
});
