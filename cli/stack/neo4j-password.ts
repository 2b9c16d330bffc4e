// Neo4j's password: ZIEM_NEO4J_PASSWORD when set, else generated once into
// <stateDir>/secrets/neo4j.password (mode 0600, directory 0700). Never logged: callers get a Secret
// and the plain value is added to the context's redaction list.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { Config } from '../config/config.js';
import { Secret } from '../../core/secret.js';
import { StackError } from '../../core/errors/ziem-error.js';
import { neo4jPasswordFile, secretsDir } from './layout.js';

export function readNeo4jPassword(config: Config): Secret | undefined {
  if (config.neo4j.password) return config.neo4j.password;
  const file = neo4jPasswordFile(config.stateDir);
  if (!existsSync(file)) return undefined;
  const mode = statSync(file).mode & 0o777;
  if (mode & 0o077)
    throw new StackError('SECRET_MODE', `${file} is readable by others (mode ${mode.toString(8)})`, {
      hint: `chmod 600 ${file}`,
    });
  const value = readFileSync(file, 'utf8').trim();
  if (!value)
    throw new StackError('SECRET_EMPTY', `${file} is empty`, {
      hint: 'delete it and run `ziem stack down --purge && ziem stack up`',
    });
  return new Secret(value);
}

export function ensureNeo4jPassword(config: Config): Secret {
  const existing = readNeo4jPassword(config);
  if (existing) return existing;
  const dir = secretsDir(config.stateDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const value = randomBytes(18).toString('base64url');
  writeFileSync(neo4jPasswordFile(config.stateDir), value + '\n', { mode: 0o600, flag: 'wx' });
  return new Secret(value);
}
