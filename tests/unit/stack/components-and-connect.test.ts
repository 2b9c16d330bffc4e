// Component selection (what `--only` brings in) and Kafka Connect error decoding, with bodies as
// Connect returns them; the client is exercised against a recorded-response fetch.
import { describe, expect, it } from 'vitest';
import { selectComponents } from '../../../cli/stack/registry.js';
import { ConnectClient, decodeConnectError } from '../../../core/connect/connect-client.js';
import { ConnectError, UsageError } from '../../../core/errors/ziem-error.js';

describe('selectComponents', () => {
  it('defaults to all four in start order, the engine server last', () => {
    expect(selectComponents(undefined).map((c) => c.name)).toEqual(['kafka', 'neo4j', 'connect', 'ksql']);
  });

  it('brings Kafka along with Connect', () => {
    expect(selectComponents(['connect']).map((c) => c.name)).toEqual(['kafka', 'connect']);
    expect(selectComponents(['kafka']).map((c) => c.name)).toEqual(['kafka']);
  });

  it('rejects an unknown component by name', () => {
    expect(() => selectComponents(['zookeeper'])).toThrow(UsageError);
    expect(() => selectComponents(['zookeeper'])).toThrow(/unknown component "zookeeper"/);
  });
});

describe('decodeConnectError', () => {
  it('retries a 409 during a rebalance', () => {
    const e = decodeConnectError(
      409,
      '{"error_code":409,"message":"Cannot complete request momentarily due to stale configuration (typically caused by a concurrent config change)"}',
      'PUT /connectors/x/config',
    );
    expect(e).toBeInstanceOf(ConnectError);
    expect(e).toMatchObject({ status: 409, retriable: true });
  });

  it('does not retry a 409 "already exists"', () => {
    const e = decodeConnectError(
      409,
      '{"error_code":409,"message":"Connector flows-to-neo4j already exists"}',
      'POST /connectors',
    );
    expect(e.retriable).toBe(false);
    expect(e.message).toContain('Connector flows-to-neo4j already exists');
  });

  it('keeps a non-JSON body as the message and does not retry a 400', () => {
    const e = decodeConnectError(400, 'Bad Request', 'PUT /connectors/x/config');
    expect(e).toMatchObject({ status: 400, retriable: false });
    expect(e.message).toBe('Kafka Connect PUT /connectors/x/config failed with HTTP 400: Bad Request');
  });
});

describe('ConnectClient', () => {
  const recorded = (status: number, body: string): typeof fetch =>
    (async () => new Response(body, { status })) as typeof fetch;

  it('decodes GET / and the plugin list', async () => {
    const root = new ConnectClient({
      baseUrl: 'http://127.0.0.1:1',
      fetch: recorded(
        200,
        '{"version":"4.1.1","commit":"be816b82d25370ce","kafka_cluster_id":"q3k9dWx3RLO1o5fIPKNzmw"}',
      ),
    });
    expect(await root.root()).toMatchObject({ version: '4.1.1' });
    const plugins = new ConnectClient({
      baseUrl: 'http://127.0.0.1:1/',
      fetch: recorded(
        200,
        '[{"class":"org.neo4j.connectors.kafka.sink.Neo4jConnector","type":"sink","version":"0.1.0-ziem"}]',
      ),
    });
    expect((await plugins.plugins()).map((p) => p.class)).toEqual(['org.neo4j.connectors.kafka.sink.Neo4jConnector']);
  });

  it('turns an unreachable worker into a retriable ConnectError with status 0', async () => {
    const refused = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    const err = await new ConnectClient({ baseUrl: 'http://127.0.0.1:1', fetch: refused })
      .root()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectError);
    expect(err).toMatchObject({ status: 0, retriable: true });
  });
});
