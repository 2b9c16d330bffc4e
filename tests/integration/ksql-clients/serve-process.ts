// Runs the built `ziem ksql serve` (in-memory driver) as its own process for one test file, on a
// free loopback port, with extra flags (TLS); stops it with SIGTERM after the file.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtCli, freePort } from '../engine-kafka/server-process.js';

export interface Served {
  url: string;
  port: number;
  child: ChildProcess;
  stderr: () => string;
  stop: () => Promise<void>;
}

export interface ServeRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ZIEM_')));
  return { ...env, ...extra };
}

/** Starts the server and resolves with the URL it printed once listening. */
export async function serve(args: string[] = [], env: Record<string, string> = {}): Promise<Served> {
  const cli = await builtCli();
  const port = await freePort();
  const cwd = mkdtempSync(join(tmpdir(), 'ziem-clients-serve-'));
  const child = spawn(process.execPath, [cli, 'ksql', 'serve', '--port', String(port), ...args], {
    cwd,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<void>((r) =>
    child.once('exit', () => {
      rmSync(cwd, { recursive: true, force: true });
      r();
    }),
  );
  const url = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`ziem ksql serve did not start in 60 s:\n${err}`)), 60_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /^(https?:\/\/\S+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        res(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`ziem ksql serve exited with ${code}:\n${err}`));
    });
  });
  return {
    url,
    port,
    child,
    stderr: () => err,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Runs `ziem ksql serve` expecting it to refuse to start; resolves with its exit and output. */
export async function serveRefused(args: string[], env: Record<string, string> = {}): Promise<ServeRun> {
  const cli = await builtCli();
  const port = await freePort();
  const child = spawn(process.execPath, [cli, 'ksql', 'serve', '--port', String(port), ...args], {
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const timer = setTimeout(() => child.kill('SIGTERM'), 30_000);
  const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  clearTimeout(timer);
  return { code, stdout, stderr };
}
