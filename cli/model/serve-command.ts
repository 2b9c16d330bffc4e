// `ziem model serve`: the model server in the foreground with the configured port, limits and token,
// until SIGINT/SIGTERM.
import { emit, type Context } from '../context.js';
import { startModelServer } from '../../udf-bridge/model-server/serve.js';

export interface ServeOpts {
  models: string;
  port?: number | undefined;
  /** listen address; default bindHost (a container's server listens on 0.0.0.0) */
  host?: string | undefined;
}

export async function run(ctx: Context, o: ServeOpts): Promise<void> {
  const c = ctx.config.modelServer;
  if (c.token) ctx.secrets.push(c.token.reveal());
  const server = await startModelServer({
    modelsDir: o.models,
    host: o.host ?? ctx.config.bindHost,
    port: o.port ?? c.port,
    maxBatch: c.maxBatch,
    maxBodyBytes: c.maxBodyBytes,
    pollIntervalMs: c.pollIntervalMs,
    token: c.token,
    log: ctx.log,
  });
  const names = server.registry.names();
  emit(
    ctx,
    { url: server.url, models: names.map((n) => server.registry.status(n)) },
    () => `serving ${names.length} model(s) [${names.join(', ')}] at ${server.url}`,
  );
  ctx.log.info(`model server listening on ${server.url}${c.token ? ' (bearer token required)' : ''}; Ctrl-C stops it`);
  await new Promise<void>((res) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      ctx.log.info('model server stopping');
      void server.close().then(res);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
