// Runs the built `ziem` binary as a user would: exit codes, stdout for data, stderr for errors.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const bin = resolve('dist/cli/bin.js');
const ziem = (args: string[], o: { env?: Record<string, string>; cwd?: string } = {}) =>
  execa('node', [bin, ...args], { reject: false, env: { ...o.env }, extendEnv: false, cwd: o.cwd ?? tmpdir() });

describe('the ziem binary', () => {
  it('prints help on stdout and exits 0', async () => {
    const r = await ziem(['--help']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('Usage: ziem');
    expect(r.stderr).toBe('');
  });

  it('exits 2 on a bad ziem.yaml, naming file:line, with nothing on stdout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ziem-e2e-'));
    writeFileSync(join(dir, 'ziem.yaml'), 'kafka:\n  port: 123456\n');
    const r = await ziem(['config', 'show'], { cwd: dir });
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${join(dir, 'ziem.yaml')}:2: field kafka.port: port 123456 is out of range 1-65535`);
  });

  it('prints the effective config as JSON with --json', async () => {
    const r = await ziem(['--json', 'config', 'show'], {
      env: { ZIEM_SANDBOX_CIDR: '10.78.0.0/24', PATH: process.env['PATH'] ?? '' },
    });
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout).sandbox.cidr).toBe('10.78.0.0/24');
  });
});
