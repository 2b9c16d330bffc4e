// Running the gcloud CLI: one call that waits, parses `--format=json` output and turns a failure
// into a ZiemError carrying gcloud's own "ERROR: (gcloud.<command>) …" line. gcloud prints its
// results on stdout and everything else (prompts, warnings, errors) on stderr; `--quiet` keeps
// it from ever prompting. The binary and its environment come from the caller (tests put a fake
// gcloud on PATH).
import { spawn } from 'node:child_process';
import { PrerequisiteError, ZiemError } from '../../../core/errors/ziem-error.js';

export interface Gcloud {
  readonly bin: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface GcloudResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** gcloud's error line ("ERROR: (gcloud.projects.describe) …"), else the stderr's last line. */
export function gcloudErrorLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  const i = lines.findIndex((l) => l.startsWith('ERROR:'));
  return (i >= 0 ? lines.slice(i).join(' ') : (lines.at(-1) ?? '')).trim();
}

/** Runs `gcloud args…`; resolves with its exit code (a missing binary is a PrerequisiteError). */
export function runGcloud(g: Gcloud, args: readonly string[], o: { timeoutMs?: number } = {}): Promise<GcloudResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(g.bin, ['--quiet', ...args], {
      env: g.env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 120_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(
        new PrerequisiteError(`cannot run ${g.bin}: ${err.message}`, {
          cause: err,
          hint: 'install the Google Cloud CLI (https://cloud.google.com/sdk/docs/install) and put gcloud on PATH',
        }),
      );
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 128, stdout, stderr });
    });
  });
}

/** `gcloud args… --format=json`, parsed; a non-zero exit is a GCLOUD error naming the command. */
export async function gcloudJson<T>(g: Gcloud, args: readonly string[], what: string): Promise<T> {
  const r = await runGcloud(g, [...args, '--format=json']);
  if (r.code !== 0)
    throw new ZiemError(
      'GCLOUD',
      `${what} failed (gcloud ${args.slice(0, 3).join(' ')}): ${gcloudErrorLine(r.stderr)}`,
    );
  try {
    return JSON.parse(r.stdout || 'null') as T;
  } catch (cause) {
    throw new ZiemError('GCLOUD', `${what}: gcloud printed something that is not JSON: ${r.stdout.slice(0, 200)}`, {
      cause,
    });
  }
}
