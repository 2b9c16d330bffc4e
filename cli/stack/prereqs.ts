// Finds the tools the local stack needs (java 17+, mvn) and fails early with an install hint when
// one is missing or too old. JAVA_HOME wins over PATH, as in Kafka's and Neo4j's own launch scripts.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PrerequisiteError } from '../../core/errors/ziem-error.js';

const run = promisify(execFile);
const INSTALL_HINT =
  'install them with `bash local/install-prereqs.sh` (or `apt-get install openjdk-17-jdk-headless maven`)';

export interface Tools {
  readonly java: string;
  readonly javaMajor: number;
  readonly mvn: string;
}

/** "openjdk version "17.0.15" 2025-04-15" → 17; "java version "1.8.0_402"" → 8. */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const m = /version "(\d+)(?:\.(\d+))?[^"]*"/.exec(versionOutput);
  if (!m) return undefined;
  const first = Number(m[1]);
  return first === 1 && m[2] !== undefined ? Number(m[2]) : first;
}

async function javaMajor(java: string): Promise<number> {
  let out: string;
  try {
    const r = await run(java, ['-version'], { timeout: 30_000 });
    out = `${r.stderr}${r.stdout}`;
  } catch (cause) {
    throw new PrerequisiteError(`java not found or not runnable (${java})`, { hint: INSTALL_HINT, cause });
  }
  const major = parseJavaMajor(out);
  if (major === undefined)
    throw new PrerequisiteError(`cannot read the version of ${java} from: ${out.split('\n')[0]}`, {
      hint: INSTALL_HINT,
    });
  return major;
}

export async function findMvn(env: Readonly<Record<string, string | undefined>>): Promise<string> {
  const mvn = env['MAVEN_HOME'] ? join(env['MAVEN_HOME'], 'bin', 'mvn') : 'mvn';
  try {
    await run(mvn, ['--version'], { timeout: 60_000, env: { ...env } as NodeJS.ProcessEnv });
  } catch (cause) {
    throw new PrerequisiteError(`mvn not found or not runnable (${mvn}); Maven resolves the stack's jars`, {
      hint: INSTALL_HINT,
      cause,
    });
  }
  return mvn;
}

export async function findTools(
  env: Readonly<Record<string, string | undefined>>,
  o: { needMvn: boolean },
): Promise<Tools> {
  const java = env['JAVA_HOME'] ? join(env['JAVA_HOME'], 'bin', 'java') : 'java';
  const major = await javaMajor(java);
  if (major < 17)
    throw new PrerequisiteError(`${java} is Java ${major}; Kafka 4 and Neo4j 5.26 need Java 17 or newer`, {
      hint: INSTALL_HINT,
    });
  const mvn = o.needMvn ? await findMvn(env) : 'mvn';
  return { java, javaMajor: major, mvn };
}
