// Thin typed client of ksqlDB's REST API: one method per endpoint, a timeout on every call, basic
// auth, and the highest commandSequenceNumber seen sent back on /ksql (read-after-write, as the
// ksql CLI does). Retrying and status polling live in execute.ts, above this layer.
import { Agent, fetch as undiciFetch } from 'undici';
import { KsqlDbError, TimeoutError, ZiemError } from '../../../core/errors/ziem-error.js';
import type { Secret } from '../../../core/secret.js';
import {
  decodeCommandStatus,
  decodeHealth,
  decodeInfo,
  decodeInsertAcks,
  decodeKsqlReply,
  decodeQueryStream,
  decodeError,
  type QueryResult,
} from './decode.js';
import type { CommandStatus, HealthCheck, InsertAck, KsqlEntity, ServerInfo } from './wire.js';

export interface KsqlDbClientOptions {
  baseUrl: string;
  timeoutMs: number;
  fetch?: typeof fetch;
  auth?: { user: string; password: Secret } | undefined;
  /** PEM of the CA that signed the server's certificate, for https servers with a private CA. */
  caPem?: string | undefined;
}

export interface StatementOptions {
  streamsProperties?: Record<string, unknown>;
  sessionVariables?: Record<string, string>;
}

const KSQL_JSON = 'application/vnd.ksql.v1+json';

export class KsqlDbClient {
  readonly baseUrl: string;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;
  readonly #auth: KsqlDbClientOptions['auth'];
  #sequence = -1;

  constructor(o: KsqlDbClientOptions) {
    this.baseUrl = o.baseUrl.replace(/\/+$/, '');
    this.#timeoutMs = o.timeoutMs;
    this.#fetch = o.fetch ?? (o.caPem ? withCa(o.caPem) : fetch);
    this.#auth = o.auth;
  }

  /** The highest command sequence number seen so far (-1: none). */
  get commandSequenceNumber(): number {
    return this.#sequence;
  }

  async #request(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    accept: string,
  ): Promise<{ status: number; text: string }> {
    const headers: Record<string, string> = { Accept: accept };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (this.#auth)
      headers['Authorization'] =
        'Basic ' + Buffer.from(`${this.#auth.user}:${this.#auth.password.reveal()}`).toString('base64');
    const url = this.baseUrl + path;
    try {
      const res = await this.#fetch(url, {
        method,
        headers,
        signal: AbortSignal.timeout(this.#timeoutMs),
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      return { status: res.status, text: await res.text() };
    } catch (err) {
      if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError'))
        throw new TimeoutError(
          `ksqlDB at ${this.baseUrl} did not answer ${method} ${path} within ${this.#timeoutMs} ms`,
          { cause: err },
        );
      throw new ZiemError(
        'KSQL_UNREACHABLE',
        `cannot reach ksqlDB at ${this.baseUrl} (${method} ${path}): ${describeFetchError(err)}`,
        {
          retriable: true,
          cause: err,
          hint: 'check ksql.url (ZIEM_KSQL_URL) and that the server is running',
        },
      );
    }
  }

  #noteSequence(entities: KsqlEntity[]): void {
    for (const e of entities) {
      const n = (e as { commandSequenceNumber?: unknown }).commandSequenceNumber;
      if (typeof n === 'number' && n > this.#sequence) this.#sequence = n;
    }
  }

  /** POST /ksql with one or more statements. */
  async ksql(sql: string, o: StatementOptions = {}): Promise<KsqlEntity[]> {
    const body = {
      ksql: sql,
      streamsProperties: o.streamsProperties ?? {},
      ...(o.sessionVariables && Object.keys(o.sessionVariables).length > 0
        ? { sessionVariables: o.sessionVariables }
        : {}),
      ...(this.#sequence >= 0 ? { commandSequenceNumber: this.#sequence } : {}),
    };
    const r = await this.#request('POST', '/ksql', body, KSQL_JSON);
    const entities = decodeKsqlReply(r.status, r.text);
    this.#noteSequence(entities);
    return entities;
  }

  /** GET /status/<commandId>; backticks and slashes in the id are URL-encoded. */
  async status(commandId: string): Promise<CommandStatus> {
    const r = await this.#request(
      'GET',
      `/status/${commandId.split('/').map(encodeURIComponent).join('/')}`,
      undefined,
      KSQL_JSON,
    );
    return decodeCommandStatus(r.status, r.text);
  }

  async info(): Promise<ServerInfo['KsqlServerInfo']> {
    const r = await this.#request('GET', '/info', undefined, KSQL_JSON);
    return decodeInfo(r.status, r.text);
  }

  async health(): Promise<HealthCheck> {
    const r = await this.#request('GET', '/healthcheck', undefined, KSQL_JSON);
    return decodeHealth(r.status, r.text);
  }

  /** POST /query-stream, reading the whole reply: for pull queries and push queries with LIMIT. */
  async query(
    sql: string,
    properties: Record<string, unknown> = {},
    sessionVariables: Record<string, string> = {},
  ): Promise<QueryResult> {
    const r = await this.#request(
      'POST',
      '/query-stream',
      { sql, properties, sessionVariables },
      'application/vnd.ksqlapi.delimited.v1',
    );
    return decodeQueryStream(r.status, r.text);
  }

  /** POST /inserts-stream: a target line then one JSON object per row; returns the acks by seq. */
  async insert(target: string, rows: readonly Record<string, unknown>[]): Promise<InsertAck[]> {
    const body =
      [JSON.stringify({ target, properties: {} }), ...rows.map((row) => JSON.stringify(row))].join('\n') + '\n';
    const r = await this.#request('POST', '/inserts-stream', body, 'application/vnd.ksqlapi.delimited.v1');
    const acks = decodeInsertAcks(r.status, r.text);
    const failed = acks.find((a) => a.status === 'error');
    if (failed && failed.status === 'error')
      throw new KsqlDbError(
        failed.error_code,
        400,
        `insert into ${target} failed at row ${failed.seq}: ${failed.message}`,
      );
    if (acks.length !== rows.length)
      throw new KsqlDbError(
        50000,
        r.status,
        `insert into ${target}: sent ${rows.length} rows but ksqlDB acknowledged ${acks.length}`,
      );
    return acks;
  }

  /** POST /close-query: ends a push query. */
  async closeQuery(queryId: string): Promise<void> {
    const r = await this.#request('POST', '/close-query', { queryId }, 'application/json');
    if (r.status < 200 || r.status >= 300) throw decodeError(r.status, r.text);
  }
}

/** A fetch that trusts the given CA (undici's own fetch, with a dispatcher holding the CA). */
function withCa(caPem: string): typeof fetch {
  const dispatcher = new Agent({ connect: { ca: caPem } });
  return ((input: string | URL, init?: RequestInit) =>
    undiciFetch(input, { ...(init as object), dispatcher })) as unknown as typeof fetch;
}

function describeFetchError(err: unknown): string {
  const cause = err instanceof Error ? (err.cause as { code?: string; message?: string } | undefined) : undefined;
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}
