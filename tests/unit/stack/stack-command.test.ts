// `ziem stack …` parsing: help with examples, usage errors exit 2 before anything runs.
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/main.js';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: {},
    cwd: '/nonexistent-ziem-cwd',
  });
  return { code, out, err };
}

describe('ziem stack', () => {
  it.each(['up', 'down', 'status', 'logs'])('%s --help shows usage and examples', async (sub) => {
    const r = await cli(['stack', sub, '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`Usage: ziem stack ${sub}`));
    expect(r.out).toMatch(/Examples:\n {2}\$ ziem stack/);
  });

  it('lists its subcommands', async () => {
    const r = await cli(['stack', '--help']);
    expect(r.out).toMatch(/up[\s\S]*down[\s\S]*status[\s\S]*logs/);
  });

  it('rejects an unknown component for --only with exit 2', async () => {
    const r = await cli(['stack', 'up', '--only', 'zookeeper']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/zookeeper/);
  });

  it('needs a component for logs, and a positive --lines', async () => {
    expect((await cli(['stack', 'logs'])).code).toBe(2);
    const bad = await cli(['stack', 'logs', 'kafka', '-n', '0']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--lines/);
  });

  it('rejects an unknown component for logs with exit 2', async () => {
    const r = await cli(['stack', 'logs', 'zookeeper']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown component "zookeeper"/);
  });
});
