// `ziem ksql serve`: runs the embedded engine behind ksqlDB's REST API in the foreground until
// SIGINT/SIGTERM or the given signal aborts, on in-memory topics or on Kafka (command topic replayed
// on start), over HTTP/1.1 and h2c or, with a certificate, HTTPS (ALPN h2, http/1.1). Prints the URL
// once listening.
import type { Context } from '../context.js';
import { emit } from '../context.js';
import { UsageError } from '../../core/errors/ziem-error.js';
import { KsqlServer } from '../../engine/server/server.js';
import { startKafkaEngine, type KafkaEngine } from '../../engine/server/kafka-engine.js';
import { Engine } from '../../engine/runtime/engine.js';
import { MemoryDriver } from '../../engine/runtime/memory-driver.js';
import { serveTls } from './serve-tls.js';
import {
  describeSettings,
  isSecretFunctionProperty,
  remoteFunctionSettings,
  type RemoteFunctionSettings,
} from '../../engine/exec/functions/remote-settings.js';

export interface ServeOptions {
  host?: string;
  port?: number;
  /** Stops the server when aborted (tests); otherwise SIGINT/SIGTERM do. */
  signal?: AbortSignal;
  /** Where topics live; default: ksql.engineDriver, or kafka when `kafka` is given. */
  driver?: 'memory' | 'kafka';
  /** Bootstrap servers for the Kafka driver; default kafka.bootstrap. */
  kafka?: string;
  /** Server properties (`--property k=v`): engine properties and the remote functions'
   *  ksql.functions.<name>.url/.model/.timeout.ms/.token…; tokens never become engine properties. */
  properties?: Record<string, string>;
  /** PEM certificate chain and key for HTTPS (default ksql.serverCertFile, ksql.serverKeyFile). */
  tlsCert?: string;
  tlsKey?: string;
}

interface EngineSetup {
  props: Record<string, string>;
  remoteFunctions: RemoteFunctionSettings[];
}

/** Validates the properties once, at the edge. A remote function without its own token uses the
 *  model server's (ZIEM_MODEL_TOKEN), since the deployment's model server is what it calls. */
function engineSetup(ctx: Context, properties: Record<string, string>): EngineSetup {
  const token = ctx.config.modelServer.token?.reveal() ?? '';
  const remoteFunctions = remoteFunctionSettings(properties).map((f) =>
    f.token === '' && token !== '' ? { ...f, token } : f,
  );
  for (const f of remoteFunctions) ctx.log.info(`remote function ${describeSettings(f)}`);
  const props = Object.fromEntries(Object.entries(properties).filter(([k]) => !isSecretFunctionProperty(k)));
  return { props, remoteFunctions };
}

/** Host and port default to those of `ksql.url`, so clients configured for it find the server. */
export function listenAddress(ksqlUrl: string, o: ServeOptions): { host: string; port: number } {
  const u = new URL(ksqlUrl);
  const host = o.host ?? u.hostname.replace(/^\[|\]$/g, '');
  const port = o.port ?? (u.port === '' ? 8088 : Number(u.port));
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be an integer between 0 and 65535, got ${port}`);
  return { host, port };
}

function stopped(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal) {
      if (signal.aborted) return resolve();
      signal.addEventListener('abort', () => resolve(), { once: true });
      return;
    }
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

export async function runServe(ctx: Context, o: ServeOptions): Promise<void> {
  const { host, port } = listenAddress(ctx.config.ksql.url, o);
  const driver = o.driver ?? (o.kafka !== undefined ? 'kafka' : ctx.config.ksql.engineDriver);
  const serviceId = ctx.config.ksql.serviceId;
  const log = (m: string): void => ctx.log.info(m);
  const setup = engineSetup(ctx, o.properties ?? {});
  const tls = serveTls(ctx.config, o, process.cwd());
  let kafka: KafkaEngine | undefined;
  if (driver === 'kafka') {
    const bootstrap = o.kafka ?? ctx.config.kafka.bootstrap;
    ctx.log.info(`connecting to Kafka at ${bootstrap} (service id ${serviceId})`);
    kafka = await startKafkaEngine({ bootstrap, serviceId, log, ...setup });
  }
  const engine = kafka ? kafka.engine : new Engine({ driver: new MemoryDriver(), ...setup });
  const server = new KsqlServer({
    host,
    port,
    connectUrl: ctx.config.connect.url,
    serviceId,
    log,
    engine,
    limits: ctx.config.ksql.serverLimits,
    ...(kafka ? { commandTopic: kafka.commandTopic } : {}),
    ...(tls ? { tls } : {}),
  });
  let url: string;
  try {
    url = await server.start();
  } catch (err) {
    await server.close();
    await kafka?.close();
    const code = (err as { code?: string }).code;
    if (code !== 'EADDRINUSE' && code !== 'EACCES' && code !== 'EADDRNOTAVAIL') throw err;
    throw new UsageError(
      `cannot listen on ${host}:${port}: ${code === 'EADDRINUSE' ? 'the port is already in use' : (err as Error).message}`,
      { cause: err, hint: 'pick another port with --port' },
    );
  }
  const topics = driver === 'kafka' ? `Kafka topics at ${o.kafka ?? ctx.config.kafka.bootstrap}` : 'in-memory topics';
  ctx.log.info(`ksqlDB REST API of the embedded engine (${topics}) listening on ${url}; Ctrl-C stops it`);
  emit(ctx, { url, version: '0.29.0', driver }, () => url);
  await stopped(o.signal);
  ctx.log.info('stopping the embedded ksqlDB server');
  await server.close();
  await kafka?.close();
}
