// A small client of Confluent Schema Registry's REST API (the registry `ksql.schema.registry.url`
// names): register a schema under a subject, read a subject's latest version, read a schema by id.
// Bodies are `application/vnd.schemaregistry.v1+json`; errors are `{error_code, message}`. 5xx and
// network failures are retriable; 4xx (40401 subject not found, 42201 invalid schema) are not.
import { ZiemError } from '../../core/errors/ziem-error.js';
import { retry, type RetryOptions } from '../../core/retry.js';
import type { RegisteredSchema, SchemaType } from '../exec/serde/schema-registry.js';

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

export class SchemaRegistryError extends ZiemError {
  readonly status: number | undefined;
  readonly errorCode: number | undefined;
  constructor(message: string, o: { status?: number; errorCode?: number; retriable?: boolean; cause?: unknown } = {}) {
    super('SCHEMA_REGISTRY', message, { retriable: o.retriable ?? false, cause: o.cause });
    this.status = o.status;
    this.errorCode = o.errorCode;
  }
}

export interface SchemaRegistryRestOptions {
  baseUrl: string;
  fetch: typeof fetch;
  retry: RetryOptions;
  timeoutMs: number;
}

/** POST /subjects/{subject}/versions answers `{"id": 1}`. */
interface RegisterResponse {
  id: number;
}

/** GET /subjects/{subject}/versions/latest and GET /schemas/ids/{id} answer these fields
 *  (`schemaType` is absent for AVRO, and by-id answers carry neither subject nor version). */
interface SchemaResponse {
  subject?: string;
  version?: number;
  id?: number;
  schemaType?: string;
  schema: string;
}

function schemaTypeOf(v: unknown, where: string): SchemaType {
  if (v === undefined) return 'AVRO';
  if (v === 'AVRO' || v === 'JSON' || v === 'PROTOBUF') return v;
  throw new SchemaRegistryError(`${where}: unknown schemaType ${JSON.stringify(v)}`);
}

/** Decodes a register answer (pure: tested with recorded bodies). */
export function decodeRegister(body: unknown, where: string): number {
  const id = (body as Partial<RegisterResponse> | null)?.id;
  if (typeof id !== 'number' || !Number.isInteger(id))
    throw new SchemaRegistryError(`${where}: answer has no integer "id": ${JSON.stringify(body)}`);
  return id;
}

/** Decodes a schema answer; `known` fills what a by-id answer leaves out. */
export function decodeSchema(body: unknown, where: string, known: Partial<RegisteredSchema> = {}): RegisteredSchema {
  const b = body as Partial<SchemaResponse> | null;
  if (!b || typeof b.schema !== 'string')
    throw new SchemaRegistryError(`${where}: answer has no "schema" string: ${JSON.stringify(body)}`);
  const id = b.id ?? known.id;
  if (typeof id !== 'number') throw new SchemaRegistryError(`${where}: answer has no "id"`);
  return {
    id,
    subject: b.subject ?? known.subject ?? '',
    version: b.version ?? known.version ?? 0,
    schemaType: schemaTypeOf(b.schemaType, where),
    schema: b.schema,
  };
}

/** The error a non-2xx answer stands for. */
export function decodeError(status: number, body: unknown, where: string): SchemaRegistryError {
  const b = body as { error_code?: number; message?: string } | null;
  const message = typeof b?.message === 'string' ? b.message : JSON.stringify(body);
  return new SchemaRegistryError(`${where}: HTTP ${status}: ${message}`, {
    status,
    ...(typeof b?.error_code === 'number' ? { errorCode: b.error_code } : {}),
    retriable: status >= 500 || status === 429,
  });
}

export class SchemaRegistryRestClient {
  constructor(private readonly o: SchemaRegistryRestOptions) {}

  async register(subject: string, schemaType: SchemaType, schema: string): Promise<number> {
    const path = `/subjects/${encodeURIComponent(subject)}/versions`;
    const body = schemaType === 'AVRO' ? { schema } : { schemaType, schema };
    return decodeRegister(await this.call('POST', path, body), `schema registry POST ${path}`);
  }

  /** The subject's latest version, or undefined when the registry has no such subject (40401). */
  async latest(subject: string): Promise<RegisteredSchema | undefined> {
    const path = `/subjects/${encodeURIComponent(subject)}/versions/latest`;
    try {
      return decodeSchema(await this.call('GET', path), `schema registry GET ${path}`, { subject });
    } catch (err) {
      if (err instanceof SchemaRegistryError && err.status === 404) return undefined;
      throw err;
    }
  }

  async byId(id: number): Promise<RegisteredSchema> {
    const path = `/schemas/ids/${id}`;
    return decodeSchema(await this.call('GET', path), `schema registry GET ${path}`, { id });
  }

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const url = `${this.o.baseUrl.replace(/\/+$/, '')}${path}`;
    const where = `schema registry ${method} ${path}`;
    return retry(async () => {
      let res: Response;
      try {
        res = await this.o.fetch(url, {
          method,
          headers: { accept: CONTENT_TYPE, ...(body === undefined ? {} : { 'content-type': CONTENT_TYPE }) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(this.o.timeoutMs),
        });
      } catch (err) {
        throw new SchemaRegistryError(`${where}: ${(err as Error).message}`, { retriable: true, cause: err });
      }
      const text = await res.text();
      let parsed: unknown;
      try {
        parsed = text === '' ? null : (JSON.parse(text) as unknown);
      } catch (err) {
        throw new SchemaRegistryError(`${where}: HTTP ${res.status}: answer is not JSON: ${text.slice(0, 200)}`, {
          status: res.status,
          cause: err,
        });
      }
      if (!res.ok) throw decodeError(res.status, parsed, where);
      return parsed;
    }, this.o.retry);
  }
}
