// POST /inserts-stream: the first line names the target, every further line is one row (a JSON
// object). Each row is coerced to the target's columns, serialised with its formats, produced,
// and acknowledged by sequence number; acks stream back as rows arrive.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Engine } from '../runtime/engine.js';
import type { SourceDef } from '../plan/catalog.js';
import { makeSerde } from '../exec/serde/serde.js';
import { coerceJson, fieldLookup } from '../types/values.js';
import { checkTableKey } from '../runtime/insert-values.js';
import { sendError } from './http-io.js';
import { badRequest, RestError } from './rest-error.js';
import type { SerialQueue } from './serial-queue.js';
import { parseJsonExact } from '../types/exact-json.js';
import { LineSplitter } from './line-splitter.js';

export interface InsertDeps {
  engine: Engine;
  queue: SerialQueue;
  now: () => number;
  /** Longest line accepted (ksql.server.inserts.line.max.bytes). */
  maxLineBytes: number;
}

type RowWriter = (row: Record<string, unknown>) => void;

function resolveTarget(e: Engine, line: string): SourceDef {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch (err) {
    throw badRequest(`Invalid JSON in inserts-stream target line: ${(err as Error).message}`);
  }
  const target = (v as { target?: unknown } | null)?.target;
  if (typeof target !== 'string')
    throw badRequest('The first line of /inserts-stream must be {"target":"<stream or table>"}');
  // the target is case-insensitive unless it is only found with its exact case
  const def = e.catalog.get(target.toUpperCase()) ?? e.catalog.get(target);
  if (!def) throw new RestError(400, 40000, `Cannot insert values into an unknown stream/table: ${target}`);
  return def;
}

function rowWriter(e: Engine, def: SourceDef, now: () => number): RowWriter {
  const keys = def.columns.filter((c) => c.ns === 'KEY');
  const values = def.columns.filter((c) => c.ns === 'VALUE');
  const keySerde = makeSerde({
    format: def.keyFormat,
    columns: keys,
    isKey: true,
    wrapSingle: false,
    delimiter: def.keyDelimiter,
    nullable: def.keyNullable,
    schemaRegistry: e.driver.schemaRegistry,
    topic: def.topic,
    sourceName: def.name,
    schemaId: def.keySchemaId,
    schemaFullName: def.keySchemaFullName,
  });
  const valueSerde = makeSerde({
    format: def.valueFormat,
    columns: values,
    isKey: false,
    wrapSingle: def.wrapSingleValue,
    delimiter: def.valueDelimiter,
    nullable: def.valueNullable,
    schemaRegistry: e.driver.schemaRegistry,
    topic: def.topic,
    sourceName: def.name,
    schemaId: def.valueSchemaId,
    schemaFullName: def.valueSchemaFullName,
  });
  return (row) => {
    const look = fieldLookup(row);
    const k = keys.map((c) => coerceJson(look(c.name), c.type));
    checkTableKey(def, k);
    const v = values.map((c) => coerceJson(look(c.name), c.type));
    const tsCol = def.timestampColumn ? look(def.timestampColumn) : undefined;
    const rowtime = look('ROWTIME');
    const timestamp = typeof rowtime === 'number' ? rowtime : typeof tsCol === 'number' ? tsCol : now();
    e.driver.produce(def.topic, {
      key: keys.length === 0 ? null : keySerde.serialize(k),
      value: valueSerde.serialize(v),
      timestamp,
      headers: [],
      partition: 0,
    });
  };
}

function ackError(seq: number, err: unknown): Record<string, unknown> {
  return { status: 'error', seq, error_code: 40000, message: err instanceof Error ? err.message : String(err) };
}

/** Acks are JSON lines, or one JSON array when the client asked for application/json. */
function ackWriter(
  res: ServerResponse,
  asArray: boolean,
): { ack: (a: Record<string, unknown>) => void; close: () => string } {
  let n = 0;
  return {
    ack: (a) => void res.write((asArray ? (n++ === 0 ? '[' : ',') : '') + JSON.stringify(a) + (asArray ? '' : '\n')),
    close: () => (asArray ? (n === 0 ? '[]' : ']') : ''),
  };
}

export function handleInserts(d: InsertDeps, req: IncomingMessage, res: ServerResponse): void {
  const asArray = (req.headers.accept ?? '').toLowerCase().includes('application/json');
  const { ack, close } = ackWriter(res, asArray);
  let writer: RowWriter | undefined;
  let seq = 0;
  let failed = false;
  let pending: Promise<unknown> = Promise.resolve();
  const onLine = async (line: string): Promise<void> => {
    if (failed || line.trim() === '') return;
    if (!writer) {
      const def = await d.queue.run(() => resolveTarget(d.engine, line));
      writer = rowWriter(d.engine, def, d.now);
      res.writeHead(200, {
        // no Content-Length: HTTP/1.1 chunks the body, HTTP/2 sends DATA frames (where a
        // Transfer-Encoding header is forbidden)
        'Content-Type': asArray ? 'application/json' : 'application/vnd.ksqlapi.delimited.v1',
      });
      return;
    }
    const n = seq++;
    const w = writer;
    try {
      const row = parseJsonExact(line);
      if (typeof row !== 'object' || row === null || Array.isArray(row))
        throw badRequest(`row ${n} is not a JSON object`);
      // acked only once the driver has the record acknowledged (Kafka: by the broker)
      await d.queue.run(async () => {
        w(row as Record<string, unknown>);
        await d.engine.driver.settle();
      });
      ack({ status: 'ok', seq: n });
    } catch (err) {
      ack(ackError(n, err));
    }
  };
  // lines are handled strictly in order, so acks come back in order here
  const enqueue = (line: string): void => {
    pending = pending
      .then(() => onLine(line))
      .catch((err: unknown) => {
        failed = true;
        sendError(res, err);
      });
  };
  const tooLong = (lineNo: number): void => {
    const err = new RestError(
      413,
      41300,
      `Line ${lineNo} of /inserts-stream is longer than ${d.maxLineBytes} bytes (ksql.server.inserts.line.max.bytes)`,
    );
    // after the lines before it; the rest of the body is read and dropped
    pending = pending.then(() => {
      if (failed) return;
      failed = true;
      sendError(res, err);
    });
  };
  const lines = new LineSplitter(d.maxLineBytes, enqueue, tooLong);
  // decoding as a stream keeps a multi-byte character split across chunks intact
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => lines.push(chunk));
  res.once('close', () => lines.stop());
  req.on('end', () => {
    lines.end();
    void pending.then(() => {
      if (failed) return;
      if (!writer)
        return sendError(res, badRequest('Empty /inserts-stream request: the first line must name the target'));
      res.end(close());
    });
  });
}
