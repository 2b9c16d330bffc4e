// The Confluent Schema Registry REST client against recorded exchanges (no registry runs here):
// the request paths, content type and bodies (schemaType omitted for AVRO), the answers decoded,
// a missing subject as undefined, 4xx errors with the registry's error_code, 5xx retried.
import { describe, expect, it } from 'vitest';
import {
  SchemaRegistryError,
  SchemaRegistryRestClient,
  decodeSchema,
} from '../../../engine/runtime/schema-registry-rest.js';
import { replayFetch, type Exchange } from '../clients/replay-fetch.js';

const noWait = { retries: 2, initialDelayMs: 1, maxDelayMs: 1, multiplier: 1, sleep: async () => {}, random: () => 0 };

function client(exchanges: Exchange[]) {
  const r = replayFetch(exchanges);
  return {
    r,
    c: new SchemaRegistryRestClient({
      baseUrl: 'http://127.0.0.1:8081/',
      fetch: r.fetch,
      retry: noWait,
      timeoutMs: 1000,
    }),
  };
}

describe('Schema Registry REST client', () => {
  it('registers a JSON schema under the subject and reads the id', async () => {
    const { r, c } = client([
      {
        method: 'POST',
        path: '/subjects/orders-value/versions',
        status: 200,
        body: { id: 7 },
        expectBody: (b) => expect(JSON.parse(b)).toEqual({ schemaType: 'JSON', schema: '{"type":"string"}' }),
      },
      {
        method: 'POST',
        path: '/subjects/orders-key/versions',
        status: 200,
        body: { id: 8 },
        expectBody: (b) => expect(JSON.parse(b)).toEqual({ schema: '"int"' }),
      },
    ]);
    expect(await c.register('orders-value', 'JSON', '{"type":"string"}')).toBe(7);
    expect(await c.register('orders-key', 'AVRO', '"int"')).toBe(8);
    expect(r.requests[0]!.headers['content-type']).toBe('application/vnd.schemaregistry.v1+json');
    r.assertAllUsed();
  });
  it('reads the latest version and a schema by id; a missing subject is undefined', async () => {
    const { r, c } = client([
      {
        method: 'GET',
        path: '/subjects/orders-value/versions/latest',
        status: 200,
        body: { subject: 'orders-value', version: 3, id: 7, schemaType: 'JSON', schema: '{}' },
      },
      { method: 'GET', path: '/schemas/ids/5', status: 200, body: { schema: '"string"' } },
      {
        method: 'GET',
        path: '/subjects/none-value/versions/latest',
        status: 404,
        body: { error_code: 40401, message: "Subject 'none-value' not found." },
      },
    ]);
    expect(await c.latest('orders-value')).toEqual({
      id: 7,
      subject: 'orders-value',
      version: 3,
      schemaType: 'JSON',
      schema: '{}',
    });
    expect(await c.byId(5)).toMatchObject({ id: 5, schemaType: 'AVRO', schema: '"string"' });
    expect(await c.latest('none-value')).toBeUndefined();
    r.assertAllUsed();
  });
  it('reports a rejected schema with its error code, and retries a 503', async () => {
    const { c } = client([
      {
        method: 'POST',
        path: '/subjects/t-value/versions',
        status: 422,
        body: { error_code: 42201, message: 'Invalid schema' },
      },
    ]);
    const err = await c.register('t-value', 'JSON', '{').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SchemaRegistryError);
    expect(err).toMatchObject({ status: 422, errorCode: 42201, retriable: false });
    expect((err as Error).message).toMatch(/POST \/subjects\/t-value\/versions: HTTP 422: Invalid schema/);
    const retried = client([
      { method: 'GET', path: '/schemas/ids/1', status: 503, body: { error_code: 50003, message: 'busy' } },
      { method: 'GET', path: '/schemas/ids/1', status: 200, body: { schema: '{}', schemaType: 'JSON' } },
    ]);
    expect((await retried.c.byId(1)).schemaType).toBe('JSON');
    retried.r.assertAllUsed();
  });
  it('refuses answers without the fields the API promises', () => {
    expect(() => decodeSchema({ id: 1 }, 'here')).toThrow(/here: answer has no "schema" string/);
    expect(() => decodeSchema({ id: 1, schema: '{}', schemaType: 'XML' }, 'here')).toThrow(/unknown schemaType "XML"/);
  });
});
