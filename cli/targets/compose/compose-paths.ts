// Where the compose file finds this repository's files: the build contexts of the images ziem builds
// (Connect with Neo4j's connector, the model server, the sandbox host), the UDF jar Maven writes and
// the trained models. `root` is the repository as the compose file sees it: `..` for compose/'s own
// committed file, the absolute repository for the file ziem renders under <stateDir>/compose.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InternalError } from '../../../core/errors/ziem-error.js';
import { projectRoot } from '../../stack/layout.js';

export interface ComposePaths {
  /** the repository root (relative to the compose file's directory, or absolute) */
  readonly root: string;
  /** the model directory the model server serves (ziem's <stateDir>/models) */
  readonly models: string;
  /** the sandbox directory (<stateDir>/sandbox): its ssh/ holds the normal traffic's client key */
  readonly sandboxDir: string;
}

/** `target/<artifactId>-<version>.jar`: what `mvn -f udf-bridge/java/pom.xml verify` writes. */
export function udfJarName(): string {
  const pom = join(projectRoot(), 'udf-bridge', 'java', 'pom.xml');
  // the project's own coordinates come before <dependencies>, whose artifacts have their own
  const head = readFileSync(pom, 'utf8').split('<dependencies>')[0] ?? '';
  const artifact = /<artifactId>([^<]+)<\/artifactId>/.exec(head)?.[1];
  const version = /<version>([^<]+)<\/version>/.exec(head)?.[1];
  if (!artifact || !version) throw new InternalError(`${pom}: no project artifactId and version`);
  return `${artifact}-${version}.jar`;
}

export const udfJarPath = (root: string): string => `${root}/udf-bridge/java/target/${udfJarName()}`;
