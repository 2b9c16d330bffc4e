// `ziem ksql serve` is wired into the ksql command group with its flags and examples.
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/main.js';

describe('ziem ksql serve', () => {
  it('shows help with examples', async () => {
    let out = '';
    const code = await runCli(['ksql', 'serve', '--help'], {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: () => true },
      env: {},
      cwd: '/tmp/ziem-cli-test-none',
    });
    expect(code).toBe(0);
    expect(out).toContain('Usage: ziem ksql serve');
    expect(out).toContain('--port <port>');
    expect(out).toContain('Examples:');
  });

  it('refuses a bad port with a usage error', async () => {
    let err = '';
    const code = await runCli(['ksql', 'serve', '--port', 'eighty'], {
      stdout: { write: () => true },
      stderr: { write: (s: string) => (err += s) },
      env: {},
      cwd: '/tmp/ziem-cli-test-none',
    });
    expect(code).toBe(2);
    expect(err).toContain('port');
  });
});
