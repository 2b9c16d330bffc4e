// Error bodies as Kafka Connect 4.1 sends them ({"error_code", "message"}), decoded by the client's
// table, and the masking of resolved secrets out of errors before main.ts prints them.
import { describe, expect, it } from 'vitest';
import { decodeConnectError, isRetriableConnectFailure } from '../../../core/connect/connect-client.js';
import { withSecretsRedacted } from '../../../cli/connectors/connector-errors.js';
import { ConnectError, ZiemError } from '../../../core/errors/ziem-error.js';

const body = (code: number, message: string): string => JSON.stringify({ error_code: code, message });

describe('Kafka Connect error table', () => {
  it.each([
    [
      409,
      'Cannot complete request momentarily due to stale configuration (typically caused by a concurrent config change)',
      true,
    ],
    [409, 'Cannot complete request because of a conflicting operation (e.g. worker rebalance)', true],
    [
      409,
      'Cannot complete request momentarily due to no known leader URL, likely because a rebalance was underway.',
      true,
    ],
    [409, 'Connector flows-to-neo4j already exists', false],
    [404, 'Connector flows-to-neo4j not found', false],
    [400, 'Connector configuration is invalid and contains the following 1 error(s):', false],
    [500, 'Request timed out', true],
    [503, 'unavailable', true],
  ])('HTTP %i "%s" → retriable %s', (status, message, retriable) => {
    expect(isRetriableConnectFailure(status, message)).toBe(retriable);
    const err = decodeConnectError(status, body(status, message), 'PUT /connectors/x/config');
    expect(err).toBeInstanceOf(ConnectError);
    expect(err).toMatchObject({
      status,
      retriable,
      message: `Kafka Connect PUT /connectors/x/config failed with HTTP ${status}: ${message}`,
    });
  });
});

describe('secret redaction of errors', () => {
  it('returns an error that mentions no secret unchanged', () => {
    const err = new ConnectError(400, 'bad tasks.max');
    expect(withSecretsRedacted(err, ['s3cr3t'])).toBe(err);
  });

  it('masks secrets in the message, hint and every cause, keeping class, status and retriable', () => {
    const root = new Error('login as neo4j/s3cr3t refused');
    const err = new ConnectError(409, 'Invalid value s3cr3t for x', { retriable: true, cause: root });
    const out = withSecretsRedacted(err, ['s3cr3t']) as ConnectError;
    expect(out).toBeInstanceOf(ConnectError);
    expect(out).toMatchObject({ status: 409, retriable: true, message: 'Invalid value ******** for x' });
    expect((out.cause as Error).message).toBe('login as neo4j/******** refused');

    const z = withSecretsRedacted(new ZiemError('PLACEHOLDER', 'x', { hint: 'try s3cr3t' }), ['s3cr3t']) as ZiemError;
    expect(z).toMatchObject({ code: 'PLACEHOLDER', hint: 'try ********' });
  });
});
