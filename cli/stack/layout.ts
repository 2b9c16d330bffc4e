// Where everything of a local deployment lives: the state directory's layout (per-component data,
// config, log and pid files, secrets) and the repository's local/ folder (pom, templates, sink source).
// Pure path arithmetic plus the one search for the repository root; nothing here starts anything.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InternalError } from '../../core/errors/ziem-error.js';

export const COMPONENTS = ['kafka', 'connect', 'neo4j', 'ksql'] as const;
export type ComponentName = (typeof COMPONENTS)[number];

export interface ComponentPaths {
  readonly dir: string;
  readonly data: string;
  readonly conf: string;
  /** The log `ziem stack logs` shows. */
  readonly log: string;
  /** Where the process's stdout and stderr go; the same file as `log` except for Neo4j, which writes its own. */
  readonly stdout: string;
  readonly pidFile: string;
}

export function componentPaths(stateDir: string, name: ComponentName): ComponentPaths {
  const dir = join(stateDir, name);
  const logs = join(stateDir, 'logs');
  const common = {
    dir,
    data: join(dir, 'data'),
    conf: join(dir, 'conf'),
    pidFile: join(stateDir, 'run', `${name}.pid`),
  };
  // Neo4j logs through its own appenders (into logs/neo4j/) and prints only early failures to stdout
  if (name === 'neo4j') return { ...common, log: join(logs, 'neo4j', 'neo4j.log'), stdout: join(logs, 'neo4j.out') };
  return { ...common, log: join(logs, `${name}.log`), stdout: join(logs, `${name}.log`) };
}

export const secretsDir = (stateDir: string): string => join(stateDir, 'secrets');
export const neo4jPasswordFile = (stateDir: string): string => join(secretsDir(stateDir), 'neo4j.password');

let cachedRoot: string | undefined;

/** The repository root: the nearest ancestor of this module holding local/pom.xml (works from cli/ and dist/cli/). */
export function projectRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'local', 'pom.xml')) && existsSync(join(dir, 'package.json'))) return (cachedRoot = dir);
    const up = dirname(dir);
    if (up === dir) throw new InternalError(`cannot find ziem's local/pom.xml above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

export const localDir = (): string => resolve(projectRoot(), 'local');
