// The REST server's TLS listener: a certificate and key that are not PEM, or do not belong
// together, are refused when the listener is made, with a stable code and a hint.
import { describe, expect, it } from 'vitest';
import { ZiemError } from '../../../core/errors/ziem-error.js';
import { ALPN_PROTOCOLS, createTlsListener } from '../../../engine/server/tls-listener.js';

describe('createTlsListener', () => {
  it('offers h2 before http/1.1', () => {
    expect(ALPN_PROTOCOLS).toEqual(['h2', 'http/1.1']);
  });

  it('refuses a certificate and key that are not PEM', () => {
    let err: unknown;
    try {
      createTlsListener({ cert: 'not a certificate', key: 'not a key' }, () => undefined);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ZiemError);
    expect((err as ZiemError).code).toBe('TLS_CONFIG');
    expect((err as ZiemError).message).toMatch(/^the server certificate or key is not usable: /);
    expect((err as ZiemError).hint).toContain('PEM');
  });
});
