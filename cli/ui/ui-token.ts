// The map's access token: bound to a loopback address the server needs none; bound to any other
// address every request must carry the token generated once into <stateDir>/secrets/ui.token
// (mode 0600, directory 0700). The token is never printed: a person reads it from that file.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Secret } from '../../core/secret.js';
import { StackError } from '../../core/errors/ziem-error.js';
import { secretsDir } from '../stack/layout.js';

export const uiTokenFile = (stateDir: string): string => join(secretsDir(stateDir), 'ui.token');

/** 127.0.0.0/8, ::1 and localhost: addresses only this machine reaches. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The token in the state dir, created (random, 0600) when missing; a file others can read is refused. */
export function ensureUiToken(stateDir: string): Secret {
  const file = uiTokenFile(stateDir);
  if (existsSync(file)) {
    const mode = statSync(file).mode & 0o777;
    if (mode & 0o077)
      throw new StackError('SECRET_MODE', `${file} is readable by others (mode ${mode.toString(8)})`, {
        hint: `chmod 600 ${file}`,
      });
    const value = readFileSync(file, 'utf8').trim();
    if (value.length >= 16) return new Secret(value);
    throw new StackError('SECRET_EMPTY', `${file} holds no usable token`, {
      hint: `delete ${file}; ziem ui makes a new one`,
    });
  }
  const dir = secretsDir(stateDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const value = randomBytes(24).toString('base64url');
  writeFileSync(file, value + '\n', { mode: 0o600, flag: 'wx' });
  return new Secret(value);
}

/** Constant-time comparison of a presented token with the expected one. */
export function tokenMatches(presented: string | undefined, expected: Secret): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected.reveal());
  return a.length === b.length && timingSafeEqual(a, b);
}
