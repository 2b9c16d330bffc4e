// Test setup for the sandbox integration tests: a config with its own prefix, CIDR and temp state
// dir (so a real `zm-` sandbox on 10.77.0.0/24 may run beside it), and helpers that read the
// machine's links and namespaces to check that nothing is left behind.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../../cli/config/config.js';
import { makeContext, type Context } from '../../../cli/context.js';
import { runTool } from '../../../cli/sandbox/run-tool.js';

export interface SandboxTestEnv {
  config: Config;
  ctx: Context;
  stdout: string[];
  prefix: string;
  cidr: string;
  /** removes the temp state dir (after `down`) */
  cleanup(): void;
}

/** A prefix and a 10.78-10.99 /24 unlikely to collide with another run of the same tests. */
export function testNetwork(): { prefix: string; cidr: string } {
  const n = Math.floor(Math.random() * 900) + 100;
  return { prefix: `t${n}-`, cidr: `10.${78 + (n % 22)}.${n % 250}.0/24` };
}

export function sandboxTestEnv(extra: Record<string, unknown> = {}): SandboxTestEnv {
  const stateDir = mkdtempSync(join(tmpdir(), 'ziem-sandbox-'));
  const { prefix, cidr } = testNetwork();
  const config = loadConfig({
    env: {},
    cwd: stateDir,
    flags: { stateDir, 'sandbox.prefix': prefix, 'sandbox.cidr': cidr, ...extra },
  });
  const stdout: string[] = [];
  const ctx = makeContext({
    config,
    stdout: { write: (s: string) => stdout.push(s) },
    stderr: process.stderr,
    env: {},
  });
  return { config, ctx, stdout, prefix, cidr, cleanup: () => rmSync(stateDir, { recursive: true, force: true }) };
}

/** Namespaces and links whose names start with `prefix`. */
export async function leftovers(prefix: string): Promise<string[]> {
  const ns = (await runTool('ip', ['netns', 'list'])).stdout
    .split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter((n) => n.startsWith(prefix));
  const links = (JSON.parse((await runTool('ip', ['-j', 'link', 'show'])).stdout) as Array<{ ifname: string }>)
    .map((l) => l.ifname)
    .filter((n) => n.startsWith(prefix));
  return [...ns.map((n) => `netns ${n}`), ...links.map((l) => `link ${l}`)];
}

/** Every record of a topic, from the beginning: [Kafka timestamp, value]. */
export async function readTopic(bootstrap: string, topic: string): Promise<Array<[number, string]>> {
  const r = await runTool('kcat', ['-b', bootstrap, '-t', topic, '-C', '-e', '-q', '-f', '%T %s\n'], {
    timeoutMs: 60_000,
  });
  return r.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const i = l.indexOf(' ');
      return [Number(l.slice(0, i)), l.slice(i + 1)];
    });
}
