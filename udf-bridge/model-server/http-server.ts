// The model server's HTTP layer: TensorFlow Serving's REST routes (predict, classify, model status,
// metadata) plus /healthz and /metrics. Every failure is a JSON {"error"} with its status; no input
// can crash the process. Model loading and polling belong to ModelRegistry.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Secret } from '../../core/secret.js';
import type { ModelRegistry } from './model-registry.js';
import { ServerMetrics } from './metrics.js';
import { parsePredictBody } from './predict-request.js';
import type { ServedModel } from './served-model.js';
import { parseClassifyBody, rankedClasses } from './supervised/classify-request.js';

export interface HttpOptions {
  registry: ModelRegistry;
  maxBatch: number;
  maxBodyBytes: number;
  token: Secret | undefined;
  metrics: ServerMetrics;
}

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

const ROUTE = /^\/v1\/models\/([^/:]+)(?:\/versions\/(\d+))?(?:\/(metadata)|:(predict|classify))?$/;

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit)
    return Promise.reject(
      new HttpFailure(
        413,
        'too_large',
        `request body of ${declared} bytes exceeds the limit of ${limit} (modelServer.maxBodyBytes)`,
      ),
    );
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.pause();
        reject(
          new HttpFailure(
            413,
            'too_large',
            `request body exceeds the limit of ${limit} bytes (modelServer.maxBodyBytes)`,
          ),
        );
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

function authorised(req: IncomingMessage, token: Secret | undefined): boolean {
  if (!token) return true;
  const h = req.headers.authorization ?? '';
  const given = h.startsWith('Bearer ') ? h.slice(7) : '';
  return timingSafeEqual(digest(given), digest(token.reveal()));
}

async function handleModel(
  req: IncomingMessage,
  res: ServerResponse,
  o: HttpOptions,
  m: RegExpMatchArray,
): Promise<void> {
  const [, name, version, metadata, predict] = m as unknown as [
    string,
    string,
    string | undefined,
    string | undefined,
    string | undefined,
  ];
  const status = o.registry.status(name);
  if (!status)
    throw new HttpFailure(
      404,
      'not_found',
      `model "${name}" not found; serving: ${o.registry.names().join(', ') || 'none'}`,
    );
  const route = predict ?? (metadata ? 'metadata' : 'status');
  if (req.method !== (predict ? 'POST' : 'GET'))
    throw new HttpFailure(405, 'bad_method', `${req.method} is not allowed on ${req.url}`);
  const served = o.registry.get(name);
  if (version !== undefined && served && Number(version) !== served.meta.version) {
    throw new HttpFailure(
      404,
      'not_found',
      `model "${name}" version ${version} is not served (serving version ${served.meta.version})`,
    );
  }
  if (route === 'status') {
    const errorCode = status.state === 'AVAILABLE' ? 'OK' : 'UNAVAILABLE';
    send(res, 200, {
      model_version_status: [
        {
          version: String(status.version ?? version ?? 0),
          state: status.state,
          status: { error_code: errorCode, error_message: status.error ?? '' },
        },
      ],
    });
    return;
  }
  if (!served)
    throw new HttpFailure(503, 'not_loaded', `model "${name}" is not loaded: ${status.error ?? 'still loading'}`);
  if (route === 'metadata') {
    send(res, 200, {
      model_spec: { name, version: String(served.meta.version) },
      metadata: { ziem: metadataOf(served) },
    });
    return;
  }
  const body = await readBody(req, o.maxBodyBytes);
  if (route === 'classify') return classify(res, o, name, served, body);
  const parsed = parsePredictBody(body, served.meta.width, o.maxBatch);
  if (!parsed.ok) throw new HttpFailure(400, 'bad_request', parsed.error);
  const predictions =
    served.kind === 'anomaly' ? Array.from(await served.score(parsed.rows)) : await served.probabilities(parsed.rows);
  o.metrics.predictions.inc({ model: name }, parsed.rows.length);
  send(res, 200, { predictions });
}

/** What GET …/metadata shows under "ziem": everything a client needs to build and read requests. */
function metadataOf(m: ServedModel): Record<string, unknown> {
  if (m.kind === 'classifier') {
    const { format, width, featureNames, classes, layers, scaling, training, heldOut } = m.meta;
    return { format, width, featureNames, classes, layers, scaling, training, heldOut };
  }
  const { featureNames, width, threshold, layers, scaling, training } = m.meta;
  return { width, featureNames, threshold, layers, scaling, training };
}

/** TF Serving's classify: for each example, every class with its probability, most probable first. */
async function classify(
  res: ServerResponse,
  o: HttpOptions,
  name: string,
  m: ServedModel,
  body: string,
): Promise<void> {
  if (m.kind !== 'classifier')
    throw new HttpFailure(
      400,
      'bad_request',
      `model "${name}" is an anomaly scorer: it has no classes to classify into (use :predict for its scores)`,
    );
  const parsed = parseClassifyBody(body, m.meta.featureNames, o.maxBatch);
  if (!parsed.ok) throw new HttpFailure(400, 'bad_request', parsed.error);
  const probs = await m.probabilities(parsed.rows);
  o.metrics.predictions.inc({ model: name }, parsed.rows.length);
  send(res, 200, { result: probs.map((p) => rankedClasses(m.meta.classes, p)) });
}

/** The route label for metrics, known before any handling so failures are counted per route too. */
function routeLabel(path: string): string {
  if (path === '/healthz' || path === '/metrics') return path.slice(1);
  const m = path.match(ROUTE);
  return !m ? 'other' : (m[4] ?? (m[3] ? 'metadata' : 'status'));
}

async function dispatch(req: IncomingMessage, res: ServerResponse, o: HttpOptions): Promise<void> {
  const path = (req.url ?? '/').split('?')[0]!;
  if (path === '/healthz') {
    send(res, 200, { status: 'ok', models: o.registry.names().map((n) => o.registry.status(n)) });
    return;
  }
  if (!authorised(req, o.token)) throw new HttpFailure(401, 'unauthorized', 'missing or wrong bearer token');
  if (path === '/metrics') {
    send(
      res,
      200,
      o.metrics.render(o.registry.names().map((n) => ({ name: n, version: o.registry.status(n)?.version }))),
      'text/plain; version=0.0.4',
    );
    return;
  }
  const m = path.match(ROUTE);
  if (!m) throw new HttpFailure(404, 'not_found', `no route for ${req.method} ${path}`);
  return handleModel(req, res, o, m);
}

export function createModelHttpServer(o: HttpOptions): Server {
  const server = createServer((req, res) => {
    const start = process.hrtime.bigint();
    const route = routeLabel((req.url ?? '/').split('?')[0]!);
    const done = (status: number): void => {
      o.metrics.requests.inc({ route, code: String(status) });
      o.metrics.latency.observe({ route }, Number(process.hrtime.bigint() - start) / 1e9);
    };
    dispatch(req, res, o).then(
      () => done(res.statusCode),
      (err: unknown) => {
        const f =
          err instanceof HttpFailure
            ? err
            : new HttpFailure(500, 'internal', `internal error: ${(err as Error)?.message ?? String(err)}`);
        if (f.status === 413) res.setHeader('connection', 'close');
        if (!res.headersSent) send(res, f.status, { error: f.message });
        else res.destroy();
        o.metrics.errors.inc({ reason: f.reason });
        done(f.status);
      },
    );
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable)
      socket.end(
        'HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n{"error":"malformed HTTP request"}',
      );
    else socket.destroy();
  });
  return server;
}
