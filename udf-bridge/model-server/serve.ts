// `ziem model serve`: loads every model under --models, serves them over HTTP on the bind host
// (127.0.0.1 by default) and polls for new versions until SIGINT or SIGTERM.
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Secret } from '../../core/secret.js';
import { ModelRegistry, type RegistryLog } from './model-registry.js';
import { createModelHttpServer } from './http-server.js';
import { ServerMetrics } from './metrics.js';
import { tfReady } from './tf-runtime.js';
import { ModelError } from './model-error.js';
import { checkMaxBatch } from './predict-slices.js';

export interface ServerOptions {
  modelsDir: string;
  host: string;
  port: number;
  maxBatch: number;
  maxBodyBytes: number;
  pollIntervalMs: number;
  token: Secret | undefined;
  log: RegistryLog;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly registry: ModelRegistry;
  close(): Promise<void>;
}

export async function startModelServer(o: ServerOptions): Promise<RunningServer> {
  checkMaxBatch(o.maxBatch);
  const root = resolve(o.modelsDir);
  const st = await stat(root).catch(() => undefined);
  if (!st?.isDirectory())
    throw new ModelError('MODEL_SERVE', `--models ${o.modelsDir}: not a directory`, {
      hint: 'train a model first: ziem model train --input benign.jsonl --out models/anomaly',
    });
  await tfReady();
  const metrics = new ServerMetrics();
  const registry = new ModelRegistry(root, o.log);
  registry.onLoadFailure = (name) => metrics.loadFailures.inc({ model: name });
  await registry.poll();
  const server = createModelHttpServer({
    registry,
    maxBatch: o.maxBatch,
    maxBodyBytes: o.maxBodyBytes,
    token: o.token,
    metrics,
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((res, rej) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      rej(
        new ModelError('MODEL_SERVE', `cannot listen on ${o.host}:${o.port}: ${err.code ?? err.message}`, {
          cause: err,
          hint: err.code === 'EADDRINUSE' ? 'pick another --port or stop what uses it' : undefined,
        }),
      ),
    );
    server.listen(o.port, o.host, () => res());
  });
  const timer = setInterval(() => void registry.poll(), o.pollIntervalMs);
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${o.host}:${port}`,
    port,
    registry,
    close: async () => {
      clearInterval(timer);
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      await registry.poll().catch(() => undefined);
      registry.close();
    },
  };
}
