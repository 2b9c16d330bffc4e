// Is there a Docker engine to talk to? The socket the docker CLI would use (DOCKER_HOST, else
// /var/run/docker.sock) is asked GET /_ping, the engine's liveness call, before anything starts, so
// a machine without an engine gets one clear error naming the socket tried.
import { request } from 'node:http';
import { ZiemError } from '../../../core/errors/ziem-error.js';

export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

export type EngineAddress =
  { kind: 'unix'; path: string; text: string } | { kind: 'tcp'; host: string; port: number; text: string };

/** Where the docker CLI connects: DOCKER_HOST (unix:// or tcp://), else the default socket. */
export function engineAddress(env: Readonly<Record<string, string | undefined>>): EngineAddress {
  const host = env['DOCKER_HOST']?.trim();
  if (!host) return { kind: 'unix', path: DEFAULT_DOCKER_SOCKET, text: `unix://${DEFAULT_DOCKER_SOCKET}` };
  if (host.startsWith('unix://')) return { kind: 'unix', path: host.slice('unix://'.length), text: host };
  const m = /^tcp:\/\/([^:/]+):(\d{1,5})\/?$/.exec(host);
  if (m) return { kind: 'tcp', host: m[1]!, port: Number(m[2]), text: host };
  throw new ZiemError('DOCKER_HOST', `DOCKER_HOST=${host}: expected unix:///path or tcp://host:port`, {
    hint: 'unset DOCKER_HOST to use /var/run/docker.sock',
  });
}

function ping(a: EngineAddress, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const where = a.kind === 'unix' ? { socketPath: a.path } : { host: a.host, port: a.port };
    const req = request({ ...where, path: '/_ping', method: 'GET', timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () =>
        res.statusCode === 200 ? resolve(body) : reject(new Error(`HTTP ${res.statusCode}: ${body.trim()}`)),
      );
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/** Throws DOCKER_ENGINE (exit 1) unless the engine answers its ping. */
export async function requireDockerEngine(
  env: Readonly<Record<string, string | undefined>>,
  timeoutMs = 5_000,
): Promise<void> {
  const a = engineAddress(env);
  try {
    await ping(a, timeoutMs);
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new ZiemError(
      'DOCKER_ENGINE',
      `no Docker engine answers at ${a.text} (${why}); the compose target needs one`,
      {
        cause: err,
        hint: 'start Docker (Docker Desktop, or `systemctl start docker`), or point DOCKER_HOST at a running engine; `--target local` needs no Docker',
      },
    );
  }
}
