// The compose command line: `docker compose` (the v2 plugin) when it answers, else `docker-compose`
// (v1), with the project name, the rendered file and the sandbox profile on every call. Output is
// captured; a failing command raises COMPOSE_FAILED with the tail of its stderr.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { PrerequisiteError, ZiemError } from '../../../core/errors/ziem-error.js';
import { SANDBOX_PROFILE } from './compose-sandbox.js';

const exec = promisify(execFile);

export interface ComposeCli {
  /** 2: `docker compose`; 1: `docker-compose` (no --wait: ziem waits on the healthchecks itself) */
  readonly version: 1 | 2;
  readonly file: string;
  readonly prefix: readonly string[];
}

type Env = Readonly<Record<string, string | undefined>>;

async function answers(file: string, args: string[], env: Env): Promise<boolean> {
  try {
    await exec(file, args, { env: env as NodeJS.ProcessEnv, timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

export async function findComposeCli(env: Env): Promise<ComposeCli> {
  if (await answers('docker', ['compose', 'version'], env)) return { version: 2, file: 'docker', prefix: ['compose'] };
  if (await answers('docker-compose', ['version'], env)) return { version: 1, file: 'docker-compose', prefix: [] };
  throw new PrerequisiteError('neither `docker compose` (the Compose plugin) nor `docker-compose` is installed', {
    hint: "install Docker Compose (docker-compose-plugin, or Debian's docker-compose)",
  });
}

export interface ComposeProject {
  readonly cli: ComposeCli;
  readonly name: string;
  /** the rendered docker-compose.yml (its directory holds the .env) */
  readonly file: string;
}

/** `docker compose -p <name> -f <file> --profile sandbox <args>` as [file, argv]. */
export function composeArgv(p: ComposeProject, args: readonly string[]): [string, string[]] {
  return [p.cli.file, [...p.cli.prefix, '-p', p.name, '-f', p.file, '--profile', SANDBOX_PROFILE, ...args]];
}

export async function runCompose(
  p: ComposeProject,
  args: readonly string[],
  env: Env,
  timeoutMs: number,
): Promise<string> {
  const [file, argv] = composeArgv(p, args);
  try {
    const r = await exec(file, argv, { env: env as NodeJS.ProcessEnv, timeout: timeoutMs, maxBuffer: 64 << 20 });
    return r.stdout;
  } catch (err) {
    const stderr = String((err as { stderr?: unknown }).stderr ?? '').trim();
    throw new ZiemError(
      'COMPOSE_FAILED',
      `${file} ${argv.join(' ')} failed: ${stderr.split('\n').slice(-15).join('\n') || (err as Error).message}`,
      {
        cause: err,
        hint: `see \`${file} ${[...p.cli.prefix, '-p', p.name, '-f', p.file].join(' ')} logs\``,
      },
    );
  }
}

/** `docker inspect` of containers (a JSON array), for their compose service and health. */
export async function dockerInspect(ids: readonly string[], env: Env): Promise<string> {
  if (ids.length === 0) return '[]';
  try {
    return (
      await exec('docker', ['inspect', ...ids], { env: env as NodeJS.ProcessEnv, timeout: 30_000, maxBuffer: 64 << 20 })
    ).stdout;
  } catch (err) {
    throw new ZiemError(
      'COMPOSE_FAILED',
      `docker inspect failed: ${String((err as { stderr?: unknown }).stderr ?? '').trim()}`,
      { cause: err },
    );
  }
}
