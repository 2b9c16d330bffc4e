import { describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/main.js';

async function cli(args: string[], env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env,
    cwd: '/tmp/ziem-cli-test-none',
  });
  return { code, out, err };
}

describe('ziem CLI', () => {
  it('prints usage with examples on --help and exits 0', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: ziem \[options\] \[command\]/);
    expect(r.out).toContain('Examples:');
    expect(r.out).toContain('--config <file>');
  });

  it('exits 2 with a message on an unknown command or option', async () => {
    const a = await cli(['frobnicate']);
    expect(a.code).toBe(2);
    expect(a.err).toContain("unknown command 'frobnicate'");
    const b = await cli(['config', 'show', '--bogus']);
    expect(b.code).toBe(2);
    expect(b.err).toContain("unknown option '--bogus'");
  });

  it('applies --json and --state-dir to the effective config', async () => {
    const r = await cli(['--json', '--state-dir', '/tmp/st', 'config', 'show'], { ZIEM_KAFKA_PORT: '19092' });
    expect(r.code).toBe(0);
    const cfg = JSON.parse(r.out) as { stateDir: string; kafka: { port: number } };
    expect(cfg.stateDir).toBe('/tmp/st');
    expect(cfg.kafka.port).toBe(19092);
  });

  it('exits 2 on invalid configuration and names the variable', async () => {
    const r = await cli(['config', 'show'], { ZIEM_KAFKA_PORT: 'abc' });
    expect(r.code).toBe(2);
    expect(r.err).toContain('environment ZIEM_KAFKA_PORT: field kafka.port');
  });

  it('never prints a secret from the environment', async () => {
    const r = await cli(['config', 'show'], { ZIEM_NEO4J_PASSWORD: 'hunter2-secret' });
    expect(r.out + r.err).not.toContain('hunter2-secret');
  });
});
