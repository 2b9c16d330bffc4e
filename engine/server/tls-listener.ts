// TLS for the REST server's one port, as ksqlDB serves HTTPS (listeners=https://…): a tls.Server
// that offers ALPN `h2` and `http/1.1`. Each connection is handed on with the protocol its client
// negotiated; a client that offers no ALPN gets HTTP/1.1 (HTTP/2 over TLS needs ALPN, RFC 9113 §3.2).
// The certificate chain and key are PEM; a bad pair is refused when the listener is made.
import { createServer, type Server, type TLSSocket } from 'node:tls';
import { ZiemError } from '../../core/errors/ziem-error.js';

export interface TlsSettings {
  /** PEM certificate chain, the server's own certificate first. */
  cert: string | Buffer;
  /** PEM private key of that certificate. */
  key: string | Buffer;
  /** Passphrase of an encrypted key. */
  passphrase?: string;
}

export type TlsProtocol = 'h2' | 'http/1.1';

/** The protocols offered in the server's ALPN list, most preferred first. */
export const ALPN_PROTOCOLS: readonly TlsProtocol[] = ['h2', 'http/1.1'];

export function createTlsListener(t: TlsSettings, onSocket: (s: TLSSocket, protocol: TlsProtocol) => void): Server {
  let server: Server;
  try {
    server = createServer(
      {
        cert: t.cert,
        key: t.key,
        ...(t.passphrase !== undefined ? { passphrase: t.passphrase } : {}),
        ALPNProtocols: [...ALPN_PROTOCOLS],
      },
      (socket) => onSocket(socket, socket.alpnProtocol === 'h2' ? 'h2' : 'http/1.1'),
    );
  } catch (err) {
    throw new ZiemError(
      'TLS_CONFIG',
      `the server certificate or key is not usable: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err, hint: 'give a PEM certificate chain and the PEM private key that belongs to it' },
    );
  }
  // a client that fails its handshake (untrusted certificate, wrong protocol) loses its own
  // connection only; its socket is already destroyed
  server.on('tlsClientError', () => undefined);
  return server;
}
