// Pure decoders from ksqlDB HTTP replies (status + body text) to typed values or KsqlDbError.
// Tested against recorded bodies; no I/O here.
import { KsqlDbError } from '../../../core/errors/ziem-error.js';
import { errorCodeInfo } from './error-codes.js';
import type {
  CommandStatus,
  HealthCheck,
  InsertAck,
  KsqlEntity,
  KsqlErrorBody,
  QueryStreamHeader,
  ServerInfo,
} from './wire.js';

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isErrorBody(v: unknown): v is KsqlErrorBody {
  return typeof v === 'object' && v !== null && typeof (v as KsqlErrorBody).error_code === 'number';
}

/** Turns any non-2xx reply (JSON error body or not) into a KsqlDbError with the retriable flag from the table. */
export function decodeError(httpStatus: number, text: string): KsqlDbError {
  const body = parseJson(text);
  const code = isErrorBody(body) ? body.error_code : httpStatus * 100;
  const raw = isErrorBody(body) ? body.message : text.trim().slice(0, 500) || `HTTP ${httpStatus}`;
  const info = errorCodeInfo(code, httpStatus);
  const statementText = isErrorBody(body) ? body.statementText : undefined;
  return new KsqlDbError(code, httpStatus, `ksqlDB error ${code} (${info.meaning}): ${raw}`, {
    retriable: info.retriable,
    ...(info.hint ? { hint: info.hint } : {}),
    ...(statementText ? { statementText } : {}),
  });
}

function expectJson(httpStatus: number, text: string, what: string): unknown {
  if (httpStatus < 200 || httpStatus >= 300) throw decodeError(httpStatus, text);
  const v = parseJson(text);
  if (v === undefined)
    throw new KsqlDbError(50000, httpStatus, `ksqlDB sent a ${what} reply that is not JSON: ${text.slice(0, 200)}`);
  return v;
}

/** POST /ksql: an array of entities, one per statement (none for INSERT VALUES, SET, DEFINE…). */
export function decodeKsqlReply(httpStatus: number, text: string): KsqlEntity[] {
  const v = expectJson(httpStatus, text, '/ksql');
  if (!Array.isArray(v))
    throw new KsqlDbError(50000, httpStatus, `ksqlDB /ksql reply is not an array: ${text.slice(0, 200)}`);
  return v as KsqlEntity[];
}

/** GET /status/<commandId>. */
export function decodeCommandStatus(httpStatus: number, text: string): CommandStatus {
  const v = expectJson(httpStatus, text, '/status') as Partial<CommandStatus>;
  if (typeof v.status !== 'string')
    throw new KsqlDbError(50000, httpStatus, `ksqlDB /status reply has no status: ${text.slice(0, 200)}`);
  return { status: v.status, message: v.message ?? '', queryId: v.queryId ?? null };
}

export function decodeInfo(httpStatus: number, text: string): ServerInfo['KsqlServerInfo'] {
  const v = expectJson(httpStatus, text, '/info') as Partial<ServerInfo>;
  if (!v.KsqlServerInfo || typeof v.KsqlServerInfo.version !== 'string')
    throw new KsqlDbError(50000, httpStatus, `ksqlDB /info reply has no KsqlServerInfo.version: ${text.slice(0, 200)}`);
  return v.KsqlServerInfo;
}

export function decodeHealth(httpStatus: number, text: string): HealthCheck {
  const v = expectJson(httpStatus, text, '/healthcheck') as Partial<HealthCheck>;
  return {
    isHealthy: v.isHealthy === true,
    details: v.details ?? {},
    ...(v.serverState ? { serverState: v.serverState } : {}),
  };
}

export interface QueryResult {
  header: QueryStreamHeader;
  rows: unknown[][];
}

/** /query-stream in the delimited format: a header line, then one JSON array per row; an error object may end it. */
export function decodeQueryStream(httpStatus: number, text: string): QueryResult {
  if (httpStatus < 200 || httpStatus >= 300) throw decodeError(httpStatus, text);
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const first = lines[0] === undefined ? undefined : parseJson(lines[0]);
  if (!first || typeof first !== 'object' || !Array.isArray((first as QueryStreamHeader).columnNames))
    throw new KsqlDbError(50000, httpStatus, `ksqlDB /query-stream reply has no header line: ${text.slice(0, 200)}`);
  const rows: unknown[][] = [];
  for (const line of lines.slice(1)) {
    const v = parseJson(line);
    if (Array.isArray(v)) rows.push(v);
    else if (isErrorBody(v)) throw decodeError(v.error_code >= 1000 ? Math.floor(v.error_code / 100) : 500, line);
    else throw new KsqlDbError(50000, httpStatus, `ksqlDB /query-stream sent an unreadable row: ${line.slice(0, 200)}`);
  }
  return { header: first as QueryStreamHeader, rows };
}

/** /inserts-stream acks, line-delimited; sorted by seq because they may arrive out of order. */
export function decodeInsertAcks(httpStatus: number, text: string): InsertAck[] {
  if (httpStatus < 200 || httpStatus >= 300) throw decodeError(httpStatus, text);
  const trimmed = text.trim();
  const parsed = trimmed.startsWith('[')
    ? ((parseJson(trimmed) as unknown[] | undefined) ?? [])
    : trimmed.split('\n').filter(Boolean).map(parseJson);
  const acks = parsed.filter(
    (a): a is InsertAck => typeof a === 'object' && a !== null && typeof (a as InsertAck).seq === 'number',
  );
  return acks.sort((a, b) => a.seq - b.seq);
}
