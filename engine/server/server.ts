// The embedded engine's ksqlDB REST server (HTTP/1.1 and h2c on one port, or HTTPS with ALPN h2 and
// http/1.1 when TLS settings are given; see http-front): routing, server state (503 while not
// ready), and the wiring of the endpoint handlers to one engine, one command store and one
// serial queue. start() listens; close() ends open queries and stops the engine.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Engine } from '../runtime/engine.js';
import { MemoryDriver } from '../runtime/memory-driver.js';
import { closeQuery, healthcheck, info, status, terminateCluster, type ServerState } from './admin-endpoints.js';
import { CommandStore } from './command-store.js';
import { HttpFront } from './http-front.js';
import { readBody, sendError, sendJson, sendNotFound } from './http-io.js';
import { handleInserts } from './inserts-stream.js';
import { handleKsql, replayCommand } from './ksql-resource.js';
import type { CommandTopic } from './command-topic.js';
import { handleQuery } from './query-endpoint.js';
import { QueryRegistry } from './query-registry.js';
import { readKsqlRequest } from './request-body.js';
import { RestError } from './rest-error.js';
import { SerialQueue } from './serial-queue.js';
import type { TlsSettings } from './tls-listener.js';
import { registerQueue } from './push-output.js';
import { resolveLimits, type ServerLimits } from './server-limits.js';
import { serverDefaults } from './server-properties.js';

export interface KsqlServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The engine to serve; a fresh one on the in-memory driver when absent. */
  engine?: Engine;
  serviceId?: string;
  kafkaClusterId?: string;
  /** ksql.server.command.response.timeout.ms: how long a request waits for its sequence number. */
  sequenceWaitMs?: number;
  /** query.stream.disconnect.check (ksqlDB's default 1000): idle time before a /query keep-alive. */
  keepAliveMs?: number;
  now?: () => number;
  /** ksql.connect.url: where connector statements go; refused when absent. */
  connectUrl?: string;
  connectTimeoutMs?: number;
  /** The command topic to replay before serving and to append commands to (Kafka driver). */
  commandTopic?: CommandTopic;
  /** Progress of the replay and commands that failed to replay. */
  log?: (msg: string) => void;
  /** Serve HTTPS with this certificate and key (ksqlDB: listeners=https://…, ssl.keystore.*). */
  tls?: TlsSettings;
  /** Request and query limits (server-limits.ts); each absent one takes its default. */
  limits?: Partial<ServerLimits>;
}

/** Over HTTP/2 each chunk goes out as its own DATA frame: clients parse one JSON value per frame,
 *  and node:http2 merges writes made in one tick, so a chunk is written once the previous one has
 *  been flushed. Chunks are handed over as Buffers: string chunks written from later ticks arrived
 *  corrupted here (Node 20.20, compatibility API), Buffers never did. */
function writeBuffers(res: ServerResponse): void {
  const write = res.write.bind(res) as (chunk: unknown, cb: (err?: Error | null) => void) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  const queue: Buffer[] = [];
  let queued = 0;
  registerQueue(res, () => queued);
  let busy = false;
  let ending = false;
  const pump = (): void => {
    if (busy) return;
    const next = queue.shift();
    if (next === undefined) {
      if (ending) end();
      return;
    }
    queued -= next.length;
    busy = true;
    write(next, () => {
      busy = false;
      if (!res.destroyed) pump();
    });
  };
  const enqueue = (c: unknown): void => {
    if (c === undefined || typeof c === 'function' || res.destroyed) return;
    const b = typeof c === 'string' ? Buffer.from(c, 'utf8') : (c as Buffer);
    queued += b.length;
    queue.push(b);
  };
  // a reset stream's frames are never sent: let them go with it
  res.once('close', () => {
    queue.length = 0;
    queued = 0;
  });
  res.write = ((chunk: unknown) => {
    enqueue(chunk);
    pump();
    return true;
  }) as typeof res.write;
  res.end = ((chunk?: unknown) => {
    enqueue(chunk);
    ending = true;
    pump();
    return res;
  }) as typeof res.end;
}

export class KsqlServer {
  readonly engine: Engine;
  private readonly commands = new CommandStore();
  private readonly queue = new SerialQueue();
  private readonly transients = new QueryRegistry();
  private readonly texts = new Map<string, string>();
  private readonly http: HttpFront;
  private state: ServerState = 'INITIALIZING';
  readonly limits: ServerLimits;
  private readonly o: Required<
    Omit<KsqlServerOptions, 'engine' | 'connectUrl' | 'commandTopic' | 'log' | 'tls' | 'limits'>
  > & {
    connectUrl: string | undefined;
  };
  private readonly commandTopic: CommandTopic | undefined;
  private readonly log: (msg: string) => void;
  private readonly scheme: 'http' | 'https';

  constructor(o: KsqlServerOptions) {
    this.engine = o.engine ?? new Engine({ driver: new MemoryDriver() });
    this.o = {
      host: o.host,
      port: o.port,
      serviceId: o.serviceId ?? 'default_',
      kafkaClusterId: o.kafkaClusterId ?? 'ziem-embedded',
      sequenceWaitMs: o.sequenceWaitMs ?? 5000,
      keepAliveMs: o.keepAliveMs ?? 1000,
      now: o.now ?? Date.now,
      connectUrl: o.connectUrl,
      connectTimeoutMs: o.connectTimeoutMs ?? 30_000,
    };
    this.limits = resolveLimits(o.limits);
    this.commandTopic = o.commandTopic;
    this.log = o.log ?? (() => undefined);
    this.scheme = o.tls ? 'https' : 'http';
    this.http = new HttpFront((req, res) => void this.route(req, res), o.tls);
  }

  /** Listens and returns the base URL, e.g. http://127.0.0.1:8088 (https://… with TLS). */
  async start(): Promise<string> {
    await this.http.listen(this.o.port, this.o.host);
    if (this.commandTopic) await this.replay(this.commandTopic);
    this.state = 'READY';
    return this.url;
  }

  /** Rebuilds sources and queries from the command topic (503 "Server initializing" meanwhile).
   *  A command that fails now (its topic deleted since, say) is reported and skipped, as ksqlDB does. */
  private async replay(topic: CommandTopic): Promise<void> {
    const commands = await topic.load();
    if (commands.length > 0) this.log(`replaying ${commands.length} commands from ${topic.name}`);
    for (const c of commands) {
      try {
        await this.queue.run(() => replayCommand(this.deps(), c));
      } catch (err) {
        this.log(`command not replayed: ${c.statement.trim()}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  get url(): string {
    const a = this.http.address();
    return `${this.scheme}://${a.address.includes(':') ? `[${a.address}]` : a.address}:${a.port}`;
  }

  async close(): Promise<void> {
    this.state = 'TERMINATING';
    this.transients.closeAll();
    this.commands.close();
    this.engine.close();
    await this.http.close();
    this.state = 'TERMINATED';
  }

  private notReady(): RestError | undefined {
    if (this.state === 'READY') return undefined;
    if (this.state === 'INITIALIZING') return new RestError(503, 50302, 'Server initializing');
    return new RestError(
      503,
      this.state === 'TERMINATING' ? 50303 : 50304,
      this.state === 'TERMINATING' ? 'Server shutting down' : 'The ksqlDB server has been terminated',
    );
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.httpVersion === '2.0') writeBuffers(res);
    const path = (req.url ?? '/').split('?')[0]!;
    const key = `${req.method ?? 'GET'} ${path}`;
    try {
      if (key === 'GET /info')
        return sendJson(
          res,
          200,
          info({ kafkaClusterId: this.o.kafkaClusterId, serviceId: this.o.serviceId, state: this.state }),
        );
      if (key === 'GET /healthcheck') return sendJson(res, 200, healthcheck(this.state));
      if (req.method === 'GET' && (path === '/status' || path.startsWith('/status/')))
        return sendJson(res, 200, status(this.commands, path.slice('/status/'.length)));
      const blocked = this.notReady();
      if (
        blocked &&
        ['POST /ksql', 'POST /query', 'POST /query-stream', 'POST /inserts-stream', 'POST /ksql/terminate'].includes(
          key,
        )
      )
        throw blocked;
      switch (key) {
        case 'POST /ksql':
          return sendJson(
            res,
            200,
            await handleKsql(
              this.deps(),
              readKsqlRequest(await readBody(req, this.limits.maxRequestBytes), this.limits.maxExpressionDepth),
            ),
          );
        case 'POST /query':
        case 'POST /query-stream':
          return await handleQuery(this.deps(), req, res, path as '/query' | '/query-stream');
        case 'POST /inserts-stream':
          return handleInserts(
            {
              engine: this.engine,
              queue: this.queue,
              now: this.o.now,
              maxLineBytes: this.limits.maxInsertLineBytes,
            },
            req,
            res,
          );
        case 'POST /close-query':
          closeQuery(this.transients, await readBody(req, this.limits.maxRequestBytes));
          res.writeHead(200, { 'Content-Length': 0 });
          return void res.end();
        case 'POST /ksql/terminate': {
          const body = await readBody(req, this.limits.maxRequestBytes);
          const entity = await this.queue.run(() =>
            terminateCluster(this.engine, this.commands, this.transients, body),
          );
          this.state = 'TERMINATED';
          return sendJson(res, 200, entity);
        }
        default:
          return sendNotFound(res);
      }
    } catch (err) {
      sendError(res, err);
    }
  }

  private deps(): Parameters<typeof handleKsql>[0] & Parameters<typeof handleQuery>[0] {
    return {
      engine: this.engine,
      commands: this.commands,
      queue: this.queue,
      transients: this.transients,
      texts: this.texts,
      sequenceWaitMs: this.o.sequenceWaitMs,
      keepAliveMs: this.o.keepAliveMs,
      connectUrl: this.o.connectUrl,
      connectTimeoutMs: this.o.connectTimeoutMs,
      commandLog: this.commandTopic,
      limits: this.limits,
      log: this.log,
      serverProperties: serverDefaults({
        serviceId: this.o.serviceId,
        sequenceWaitMs: this.o.sequenceWaitMs,
        keepAliveMs: this.o.keepAliveMs,
        connectUrl: this.o.connectUrl,
        limits: this.limits,
      }),
    };
  }
}
