// `ziem ksql serve` flags of the Kafka driver: a malformed bootstrap or an unknown driver is a
// usage error (exit 2) before anything connects.
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/main.js';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: {},
    cwd: '/tmp/ziem-cli-test-none',
  });
  return { code, out, err };
}

describe('ziem ksql serve --kafka', () => {
  it('documents the driver flags with examples', async () => {
    const r = await cli(['ksql', 'serve', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('--kafka <bootstrap>');
    expect(r.out).toContain('--driver <driver>');
    expect(r.out).toContain('ziem ksql serve --kafka 127.0.0.1:9092');
  });

  it('refuses a bootstrap without a port', async () => {
    const r = await cli(['ksql', 'serve', '--kafka', 'localhost']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('host:port');
  });

  it('refuses an unknown driver', async () => {
    const r = await cli(['ksql', 'serve', '--driver', 'redis']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('memory, kafka');
  });
});
