// POST /query-stream and POST /query: one SELECT per request. Pull queries reply with their rows
// and end; push queries stream rows until LIMIT, /close-query, TERMINATE or the client leaves.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { QueryStatement } from '../syntax/index.js';
import type { Engine } from '../runtime/engine.js';
import type { CommandStore } from './command-store.js';
import { readBody, sendError } from './http-io.js';
import type { QueryRegistry } from './query-registry.js';
import { readQueryRequest } from './request-body.js';
import { parseRequest, withProps, type ParseLimits } from './request-statements.js';
import { badRequest, mapEngineError, RestError, statementError } from './rest-error.js';
import type { SerialQueue } from './serial-queue.js';
import { KEEP_ALIVE, pickFormat, type StreamFormat } from './stream-format.js';
import { runPullQuery } from './pull-query.js';
import { planPushQuery } from './transient-query.js';
import { pushOutput } from './push-output.js';
import type { ServerLimits } from './server-limits.js';

export interface QueryDeps {
  engine: Engine;
  queue: SerialQueue;
  transients: QueryRegistry;
  commands: CommandStore;
  sequenceWaitMs: number;
  /** query.stream.disconnect.check: how long an idle /query push query waits before a keep-alive. */
  keepAliveMs: number;
  limits: ServerLimits;
  log?: (msg: string) => void;
}

function parseQuery(sql: string, vars: Record<string, string>, limits: ParseLimits): QueryStatement {
  let statements;
  try {
    statements = parseRequest(sql, vars, limits);
  } catch (err) {
    throw mapEngineError(err, sql);
  }
  const queries = statements.filter((s) => s.kind !== 'DefineVariable' && s.kind !== 'UndefineVariable');
  if (queries.length !== 1) throw badRequest(`Expected exactly one SELECT statement, got ${queries.length}: ${sql}`);
  const s = queries[0]!;
  if (s.kind !== 'QueryStatement')
    throw statementError(`Statement is not a query. Use the /ksql endpoint for ${s.kind} statements`, s.text);
  return s;
}

/** No Content-Length: HTTP/1.1 chunks the body, HTTP/2 sends DATA frames (Transfer-Encoding is a
 *  forbidden header there). The opening text (the old format's `[`) is a write of its own. */
function writeHead(res: ServerResponse, f: StreamFormat): void {
  res.writeHead(200, { 'Content-Type': f.contentType });
  if (f.open !== '') res.write(f.open);
}

async function runPull(
  d: QueryDeps,
  res: ServerResponse,
  f: StreamFormat,
  s: QueryStatement,
  props: Record<string, string>,
): Promise<void> {
  const r = await d.queue.run(() => withProps(d.engine, props, () => runPullQuery(d.engine, s)));
  writeHead(res, f);
  res.write(f.header(r));
  for (const row of r.rows) res.write(f.row(row, false));
  res.end(f.end('Query Completed'));
}

async function runPush(
  d: QueryDeps,
  res: ServerResponse,
  f: StreamFormat,
  s: QueryStatement,
  props: Record<string, string>,
  keepAlive: boolean,
  gone: () => boolean,
): Promise<void> {
  await d.queue.run(() =>
    withProps(d.engine, props, () => {
      // the client may have left while the request waited for the queue: nothing to start then
      if (gone()) return;
      const planned = planPushQuery(d.engine, s);
      writeHead(res, f);
      res.write(f.header(planned));
      let ended = false;
      let wrote = false;
      const handle: { close?: () => void } = {};
      const out = pushOutput(res, d.limits.maxPushBufferBytes, (unsent) => {
        d.log?.(
          `push query ${planned.queryId} ended: its client left ${unsent} bytes unread (ksql.query.push.buffer.max.bytes ${d.limits.maxPushBufferBytes})`,
        );
        handle.close?.();
        finish(undefined);
        res.destroy();
      });
      // ksqlDB's /query writes a lone newline when no row came for an interval
      const timer = keepAlive
        ? setInterval(() => {
            if (!wrote && !ended) out.write(KEEP_ALIVE);
            wrote = false;
          }, d.keepAliveMs)
        : undefined;
      const finish = (reason: string | undefined): void => {
        if (ended) return;
        ended = true;
        clearInterval(timer);
        d.transients.remove(planned.queryId);
        if (!out.overflowed) res.end(f.end(reason));
      };
      const fail = (err: unknown): void => {
        if (!ended) out.write(f.error(mapEngineError(err, s.text).body()));
        finish(undefined);
      };
      const started = planned.start({
        row: (values, tombstone) => {
          if (ended) return;
          wrote = true;
          out.write(f.row(values, tombstone));
        },
        end: (reason) => finish(reason),
        fail,
      });
      handle.close = () => started.close();
      if (ended) return started.close();
      d.transients.add(planned.queryId, {
        text: s.text,
        close: () => {
          started.close();
          finish(undefined);
        },
      });
      res.once('close', () => d.transients.close(planned.queryId));
      // gone between the start and here (a reset seen while existing rows were replayed)
      if (gone()) d.transients.close(planned.queryId);
    }),
  );
}

export async function handleQuery(
  d: QueryDeps,
  req: IncomingMessage,
  res: ServerResponse,
  endpoint: '/query' | '/query-stream',
): Promise<void> {
  // noted at once: a client that leaves while the request waits must not leave a query behind
  let closed = false;
  res.once('close', () => (closed = true));
  try {
    if (req.httpVersion !== '1.1' && req.httpVersion !== '2.0')
      throw badRequest(`HTTP/${req.httpVersion} is not supported by ${endpoint}: use HTTP/1.1 or HTTP/2`);
    const body = readQueryRequest(await readBody(req, d.limits.maxRequestBytes), d.limits.maxExpressionDepth);
    if (endpoint === '/query' && body.commandSequenceNumber !== undefined && body.commandSequenceNumber >= 0) {
      const ok = await d.commands.waitFor(body.commandSequenceNumber, d.sequenceWaitMs);
      if (!ok)
        throw new RestError(
          503,
          50301,
          `Timed out while waiting for a previous command to execute. command sequence number: ${body.commandSequenceNumber}`,
        );
    }
    const s = parseQuery(body.sql, body.sessionVariables, d.limits);
    const f = pickFormat(req.headers.accept, endpoint);
    try {
      if (s.query.refinement === undefined) await runPull(d, res, f, s, body.properties);
      else await runPush(d, res, f, s, body.properties, endpoint === '/query', () => closed || res.destroyed);
    } catch (err) {
      throw mapEngineError(err, s.text);
    }
  } catch (err) {
    sendError(res, err);
  }
}
