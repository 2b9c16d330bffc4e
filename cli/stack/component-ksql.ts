// The embedded engine's ksqlDB server as a stack component: `node dist/cli/bin.js ksql serve` on the
// Kafka driver, listening on the host and port of ksql.url, with connector statements sent to the
// stack's Kafka Connect. Health = GET /info answers with serverStatus RUNNING (its version is shown).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/config.js';
import { StackError } from '../../core/errors/ziem-error.js';
import { configEnv } from './child-env.js';
import { healthy, unhealthy, type CommandLine, type Component, type Health } from './component.js';
import { projectRoot } from './layout.js';
import { markerArgs } from './processes.js';

/** The built binary: a detached server must not depend on how this process was started (tsx, vitest). */
export function ziemBin(): string {
  const bin = join(projectRoot(), 'dist', 'cli', 'bin.js');
  if (!existsSync(bin))
    throw new StackError(
      'NOT_BUILT',
      `${bin} does not exist; the stack starts the ksqlDB engine server from the built CLI`,
      { hint: 'run `npm run build` first' },
    );
  return bin;
}

/** The port the server listens on: that of ksql.url, 8088 when the URL has none (ksqlDB's default). */
export function ksqlPort(config: Config): number {
  const u = new URL(config.ksql.url);
  return u.port === '' ? 8088 : Number(u.port);
}

/**
 * The one place that builds the engine server's command line and environment: the resolved config as
 * ZIEM_* variables (so the child sees this process's settings), the Kafka topic driver, and
 * ksql.connect.url pointing at the stack's Connect worker, and ANOMALY_SCORE and ATTACK_CLASS (the
 * classifier, model attack-class, once one is trained) as remote functions calling the deployment's
 * model server (a call made before that server runs yields null and a
 * processing-log entry, so the engine can start first; its token comes from ZIEM_MODEL_TOKEN).
 */
export function ksqlServeCommand(config: Config): CommandLine {
  const [stateDirArg, ...subcommand] = markerArgs('ksql', config.stateDir);
  const modelUrl = `http://${config.bindHost}:${config.modelServer.port}`;
  const args = [
    ziemBin(),
    stateDirArg as string,
    ...(config.source ? ['--config', config.source] : []),
    ...subcommand,
    '--property',
    `ksql.functions.anomaly_score.url=${modelUrl}`,
    '--property',
    `ksql.functions.attack_class.url=${modelUrl}`,
    '--property',
    'ksql.functions.attack_class.model=attack-class',
    '--property',
    'ksql.functions.attack_class.kind=classify',
  ];
  const env = { ...configEnv(config), ZIEM_KSQL_ENGINE_DRIVER: 'kafka', ZIEM_CONNECT_URL: config.connect.url };
  return { file: process.execPath, args, env };
}

interface InfoBody {
  KsqlServerInfo?: { version?: unknown; serverStatus?: unknown };
}

/** GET /info as a health answer; `fetchFn` is injectable so the decoding is tested with recorded bodies. */
export async function ksqlInfo(baseUrl: string, timeoutMs: number, fetchFn: typeof fetch = fetch): Promise<Health> {
  try {
    const r = await fetchFn(`${baseUrl.replace(/\/$/, '')}/info`, { signal: AbortSignal.timeout(timeoutMs) });
    const text = await r.text();
    if (!r.ok) return unhealthy(`GET /info answered HTTP ${r.status}`);
    const info = (JSON.parse(text) as InfoBody).KsqlServerInfo;
    const version = typeof info?.version === 'string' ? info.version : undefined;
    return info?.serverStatus === 'RUNNING'
      ? healthy(version)
      : unhealthy(`serverStatus is ${String(info?.serverStatus)}`);
  } catch (err) {
    return unhealthy(
      err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err),
    );
  }
}

export const ksqlComponent: Component = {
  name: 'ksql',
  after: ['kafka', 'connect'],
  ports: (c) => [{ field: 'ksql.url', port: ksqlPort(c) }],
  endpoints: (c) => ({ rest: c.ksql.url }),

  // The server speaks plain HTTP: an https ksql.url names a server elsewhere, not one the stack runs.
  async prepare(env) {
    const u = new URL(env.config.ksql.url);
    if (u.protocol !== 'http:') {
      throw new StackError(
        'KSQL_URL_NOT_LOCAL',
        `ksql.url ${env.config.ksql.url}: the stack's ksqlDB engine server serves plain http only`,
        {
          hint: 'set ksql.url to http://127.0.0.1:<port>, or leave ksql out of `ziem stack up --only` when using another ksqlDB server',
        },
      );
    }
  },

  command: (env) => ksqlServeCommand(env.config),

  health: (env) => ksqlInfo(env.config.ksql.url, 3_000),
};
