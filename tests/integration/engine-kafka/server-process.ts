// Runs `ziem ksql serve --kafka …` as a separate process (the built CLI, dist/cli/bin.js: `npm test`
// builds it first), so a test can kill -9 it and start it again.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { freePort } from '../../../cli/stack/ports.js';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../..');

/** The built CLI; fails clearly when `npm run build` has not run. */
export async function builtCli(): Promise<string> {
  const file = join(root, 'dist/cli/bin.js');
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
  return file;
}

/** A free loopback port (the stack's own helper). */
export { freePort };

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Everything the server printed on stderr (progress). */
  stderr(): string;
}

/** Starts the server and resolves once it printed its URL (after the command topic replay). */
export async function startServer(
  cliPath: string,
  bootstrap: string,
  port: number,
  serviceId: string,
): Promise<ServerProcess> {
  const cwd = mkdtempSync(join(tmpdir(), 'ziem-ksql-serve-'));
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ZIEM_')));
  const child = spawn(process.execPath, [cliPath, 'ksql', 'serve', '--kafka', bootstrap, '--port', String(port)], {
    cwd,
    env: { ...env, ZIEM_KSQL_SERVICE_ID: serviceId },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  child.once('exit', () => rmSync(cwd, { recursive: true, force: true }));
  const url = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`server did not start in 60 s:\n${err}`)), 60_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /^(http:\/\/\S+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        res(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`server exited with ${code}:\n${err}`));
    });
  });
  return { url, child, stderr: () => err };
}

/** SIGKILL, then wait for the exit (no cleanup runs in the server). */
export async function kill9(p: ServerProcess): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  const exited = new Promise((r) => p.child.once('exit', r));
  p.child.kill('SIGKILL');
  await exited;
}
