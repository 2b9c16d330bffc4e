// TLS settings of `ziem ksql serve` from --tls-cert/--tls-key or ksql.serverCertFile/serverKeyFile
// (PEM files; the key's passphrase from ZIEM_KSQL_SERVER_KEY_PASSWORD): both or neither, readable,
// and an https ksql.url needs them, so clients configured for ksql.url find what they expect.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createSecureContext } from 'node:tls';
import type { Config } from '../config/config.js';
import { UsageError, ZiemError } from '../../core/errors/ziem-error.js';
import type { TlsSettings } from '../../engine/server/tls-listener.js';

export interface ServeTlsFlags {
  tlsCert?: string;
  tlsKey?: string;
}

function readPem(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new ZiemError('CONFIG_FILE', `${what}: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? ''}`, {
      cause: err,
    });
  }
}

export function serveTls(config: Config, flags: ServeTlsFlags, cwd: string): TlsSettings | undefined {
  const k = config.ksql;
  const certFile = flags.tlsCert !== undefined ? resolve(cwd, flags.tlsCert) : k.serverCertFile;
  const keyFile = flags.tlsKey !== undefined ? resolve(cwd, flags.tlsKey) : k.serverKeyFile;
  const certWhat = flags.tlsCert !== undefined ? '--tls-cert' : 'field ksql.serverCertFile';
  const keyWhat = flags.tlsKey !== undefined ? '--tls-key' : 'field ksql.serverKeyFile';
  if (certFile === undefined && keyFile === undefined) {
    if (new URL(k.url).protocol === 'https:')
      throw new UsageError(`ksql.url is ${k.url} (https) but no server certificate is configured`, {
        hint: 'give --tls-cert and --tls-key (or ksql.serverCertFile and ksql.serverKeyFile), or an http ksql.url',
      });
    return undefined;
  }
  if (certFile === undefined || keyFile === undefined)
    throw new UsageError(
      certFile === undefined ? `${keyWhat} is set without a certificate` : `${certWhat} is set without its key`,
      { hint: 'TLS needs both --tls-cert and --tls-key (ksql.serverCertFile and ksql.serverKeyFile)' },
    );
  const t: TlsSettings = {
    cert: readPem(certFile, certWhat),
    key: readPem(keyFile, keyWhat),
    ...(k.serverKeyPassword ? { passphrase: k.serverKeyPassword.reveal() } : {}),
  };
  try {
    createSecureContext(t);
  } catch (err) {
    throw new UsageError(
      `${certWhat} ${certFile} and ${keyWhat} ${keyFile} are not a usable PEM certificate and key: ${(err as Error).message}`,
      {
        cause: err,
        hint: 'give the PEM certificate chain and its own private key; an encrypted key needs its passphrase in ZIEM_KSQL_SERVER_KEY_PASSWORD',
      },
    );
  }
  return t;
}
