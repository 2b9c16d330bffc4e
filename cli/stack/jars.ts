// Resolves the stack's jars with Maven into a cache keyed by the hash of local/pom.xml and the sink
// plugin's sources, once; later runs reuse it. Resolution goes to a temporary directory renamed into
// place at the end, so a concurrent or interrupted run never leaves a half-filled cache behind.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, cpSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { StackError } from '../../core/errors/ziem-error.js';
import type { Logger } from '../context.js';
import { localDir } from './layout.js';

const run = promisify(execFile);

export interface JarSet {
  /** Classpath folder of the Kafka broker and the Connect worker. */
  readonly kafka: string;
  readonly neo4j: string;
  /** Connect plugin.path: holds one folder per plugin (neo4j-sink). */
  readonly plugins: string;
  readonly versions: { readonly kafka: string; readonly neo4j: string };
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p));
    else out.push(p);
  }
  return out.sort();
}

/** Hash of everything that decides the jars: the pom and the sink plugin's pom and sources. */
export function jarCacheKey(local: string): string {
  const h = createHash('sha256');
  const sink = join(local, 'neo4j-sink');
  const files = [join(local, 'pom.xml'), join(sink, 'pom.xml'), ...listFiles(join(sink, 'src'))];
  for (const f of files) h.update(relative(local, f)).update('\0').update(readFileSync(f)).update('\0');
  return h.digest('hex').slice(0, 16);
}

export function pomVersions(pomText: string): { kafka: string; neo4j: string } {
  const prop = (name: string): string => {
    const m = new RegExp(`<${name.replace('.', '\\.')}>([^<]+)</`).exec(pomText);
    if (!m?.[1]) throw new StackError('POM', `local/pom.xml has no <${name}> property`);
    return m[1].trim();
  };
  return { kafka: prop('kafka.version'), neo4j: prop('neo4j.version') };
}

export function defaultJarCacheRoot(env: Readonly<Record<string, string | undefined>>): string {
  const base = env['XDG_CACHE_HOME'] ?? join(env['HOME'] ?? '/tmp', '.cache');
  return join(base, 'ziem', 'jars');
}

async function mvn(tool: string, args: string[], cwd: string, what: string): Promise<void> {
  try {
    await run(tool, ['-B', '-q', ...args], { cwd, timeout: 1_200_000, maxBuffer: 64 * 1024 * 1024 });
  } catch (cause) {
    const out = cause as { stdout?: string; stderr?: string };
    const tail = `${out.stdout ?? ''}${out.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
    throw new StackError('JAR_RESOLVE', `Maven could not ${what}:\n${tail}`, {
      hint: 'check that Maven Central is reachable (or ~/.m2 holds the artifacts) and rerun `ziem stack up`',
      cause,
    });
  }
}

async function resolveInto(tmp: string, local: string, tool: string, log: Logger): Promise<void> {
  log.info('resolving Kafka and Kafka Connect jars with Maven (first run only)…');
  await mvn(
    tool,
    [
      '-P',
      'kafka',
      'dependency:copy-dependencies',
      `-DoutputDirectory=${join(tmp, 'kafka')}`,
      '-DincludeScope=runtime',
    ],
    local,
    'resolve Kafka',
  );
  log.info('resolving Neo4j jars with Maven…');
  await mvn(
    tool,
    [
      '-P',
      'neo4j',
      'dependency:copy-dependencies',
      `-DoutputDirectory=${join(tmp, 'neo4j')}`,
      '-DincludeScope=runtime',
    ],
    local,
    'resolve Neo4j',
  );
  log.info('building the Neo4j sink plugin…');
  const build = join(tmp, 'sink-build');
  // its JUnit tests run in CI (`mvn -f local/neo4j-sink/pom.xml test`), not on every user's first `up`
  await mvn(
    tool,
    [
      `-Dziem.build.dir=${build}`,
      '-Dmaven.test.skip=true',
      'package',
      'dependency:copy-dependencies',
      '-DincludeScope=runtime',
    ],
    join(local, 'neo4j-sink'),
    'build local/neo4j-sink',
  );
  const plugin = join(tmp, 'plugins', 'neo4j-sink');
  mkdirSync(plugin, { recursive: true });
  for (const f of readdirSync(build)) if (f.endsWith('.jar')) cpSync(join(build, f), join(plugin, f));
  cpSync(join(build, 'dependency'), plugin, { recursive: true });
  rmSync(build, { recursive: true, force: true });
}

// Another run may have published the same key first: then its copy is kept and ours dropped.
function publish(tmp: string, dir: string): void {
  try {
    renameSync(tmp, dir);
  } catch (err) {
    if (!existsSync(dir)) throw err;
  }
}

/** The cached jar set for this checkout, resolving it with Maven first when missing. */
export async function ensureJars(o: { cacheRoot: string; mvn: () => Promise<string>; log: Logger }): Promise<JarSet> {
  const local = localDir();
  const dir = join(o.cacheRoot, jarCacheKey(local));
  const versions = pomVersions(readFileSync(join(local, 'pom.xml'), 'utf8'));
  const set: JarSet = { kafka: join(dir, 'kafka'), neo4j: join(dir, 'neo4j'), plugins: join(dir, 'plugins'), versions };
  if (existsSync(dir) && statSync(dir).isDirectory()) return set;
  const tool = await o.mvn();
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    await resolveInto(tmp, local, tool, o.log);
    publish(tmp, dir);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  o.log.info(`jars cached in ${dir}`);
  return set;
}

/** The classpath argument for one jar folder (java expands `dir/*`). */
export const classpath = (dir: string): string => join(dir, '*');
