// Runs the real `ziem ksql serve` (the built CLI, in-memory driver) as a child process with extra
// environment (ZIEM_KSQL_MAX_* limits), for benchmarks and tests that need its own process: its
// RSS and open handles are read from /proc, its live heap from a heap snapshot (heap-snapshot.ts),
// and an abrupt client cannot disturb the test runner.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { freePort } from '../cli/stack/ports.js';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PrerequisiteError, StackError } from '../core/errors/ziem-error.js';
import { HEAP_SNAPSHOT_FLAG, liveHeapMb } from './heap-snapshot.js';

/** The built CLI: beside this file once compiled (dist/bench → dist/cli), or under dist/ from source. */
function builtCli(): string {
  const found = [
    resolve(import.meta.dirname, '../cli/bin.js'),
    resolve(import.meta.dirname, '../dist/cli/bin.js'),
  ].find((f) => existsSync(f));
  if (!found) throw new PrerequisiteError('dist/cli/bin.js is missing: run `npm run build` first');
  return found;
}

export interface ServeProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Resident set size now, in MB (/proc/<pid>/status VmRSS). */
  rssMb(): number;
  /** The live JavaScript heap after a full GC, in MB (a heap snapshot of the process). */
  liveHeapMb(): Promise<number>;
  /** Open file descriptors now (/proc/<pid>/fd): sockets, pipes, files. */
  handles(): number;
  stderr(): string;
  /** Samples the RSS every 20 ms until the returned function is called; it gives the peak in MB. */
  watchPeakRss(): () => number;
  /** POST a JSON body; the status and the text of the reply. */
  post(path: string, body: unknown): Promise<{ status: number; text: string }>;
  /** How many push queries SHOW QUERIES lists (queryType PUSH). */
  pushQueries(): Promise<number>;
  stop(): Promise<void>;
}

export async function startServe(env: Record<string, string> = {}): Promise<ServeProcess> {
  const cli = builtCli();
  const port = await freePort();
  const cwd = mkdtempSync(join(tmpdir(), 'ziem-serve-'));
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ZIEM_')));
  const child = spawn(
    process.execPath,
    [HEAP_SNAPSHOT_FLAG, cli, 'ksql', 'serve', '--driver', 'memory', '--port', String(port)],
    {
      cwd,
      env: { ...clean, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  child.once('exit', () => rmSync(cwd, { recursive: true, force: true }));
  const url = await new Promise<string>((res, rej) => {
    const timer = setTimeout(
      () => rej(new StackError('KSQL_SERVE_START', `ziem ksql serve did not start in 30 s:\n${err}`)),
      30_000,
    );
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
      rej(new StackError('KSQL_SERVE_START', `ziem ksql serve exited with ${code}:\n${err}`));
    });
  });
  const pid = child.pid!;
  const rssMb = (): number => {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : NaN;
  };
  const post = async (path: string, body: unknown): Promise<{ status: number; text: string }> => {
    const r = await fetch(url + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: r.status, text: await r.text() };
  };
  return {
    url,
    port,
    child,
    rssMb,
    liveHeapMb: () => liveHeapMb(child, cwd),
    watchPeakRss: () => {
      let peak = rssMb();
      const timer = setInterval(() => {
        try {
          peak = Math.max(peak, rssMb());
        } catch {
          // the process is gone
        }
      }, 20);
      return () => {
        clearInterval(timer);
        return Math.max(peak, rssMb());
      };
    },
    post,
    pushQueries: async () => {
      const r = await post('/ksql', { ksql: 'SHOW QUERIES;' });
      const [entity] = JSON.parse(r.text) as Array<{ queries: Array<{ queryType: string }> }>;
      return entity!.queries.filter((q) => q.queryType === 'PUSH').length;
    },
    handles: () => readdirSync(`/proc/${pid}/fd`).length,
    stderr: () => err,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
