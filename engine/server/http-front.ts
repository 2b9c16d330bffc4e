// One TCP port for HTTP/1.1 and cleartext HTTP/2 (prior knowledge), as ksqlDB serves them: the
// first bytes of each connection decide. A connection opening with the HTTP/2 preface ("PRI * …")
// goes to a node:http2 server, any other to a node:http server; both call the same handler through
// the compatibility API. Tracks HTTP/2 sessions so close() can end them (GOAWAY) with the listener.
// With TLS settings the port speaks HTTPS instead (tls-listener): ALPN decides between the two.
import { createServer as createHttp1, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttp2, type Http2Session } from 'node:http2';
import { createServer as createTcp, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import { createTlsListener, type TlsProtocol, type TlsSettings } from './tls-listener.js';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** The HTTP/2 connection preface starts with these bytes (RFC 9113 §3.4). */
const PREFACE_START = Buffer.from('PRI ');

export class HttpFront {
  private readonly tcp: TcpServer;
  private readonly http1;
  private readonly http2;
  private readonly sessions = new Set<Http2Session>();
  private readonly sockets = new Set<Socket>();

  constructor(handler: RequestHandler, tls?: TlsSettings) {
    this.http1 = createHttp1(handler);
    // the compatibility API hands Http2ServerRequest/Response, which the handlers use through the
    // members both APIs share (method, url, headers, body stream, writeHead, write, end, 'close')
    this.http2 = createHttp2(handler as unknown as Parameters<typeof createHttp2>[0]);
    this.http2.on('session', (s: Http2Session) => {
      this.sessions.add(s);
      s.once('close', () => this.sessions.delete(s));
    });
    this.tcp = tls
      ? createTlsListener(tls, (socket, protocol) => this.handOver(socket, protocol))
      : createTcp((socket) => this.dispatch(socket));
    // with TLS, the raw connection too: close() must not wait for a handshake that never ends
    if (tls) this.tcp.on('connection', (raw: Socket) => this.track(raw));
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    socket.once('error', () => socket.destroy());
  }

  /** A TLS connection goes where its ALPN protocol says. */
  private handOver(socket: Socket, protocol: TlsProtocol): void {
    this.track(socket);
    if (protocol === 'h2') this.http2.emit('connection', socket);
    else this.http1.emit('connection', socket);
  }

  private dispatch(socket: Socket): void {
    this.track(socket);
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const n = Math.min(head.length, PREFACE_START.length);
      const isH2 = head.subarray(0, n).equals(PREFACE_START.subarray(0, n));
      if (isH2 && head.length < PREFACE_START.length) return; // too short to tell yet
      socket.off('data', onData);
      socket.pause();
      socket.unshift(head);
      if (isH2) {
        // node:http2 reads what is buffered on the socket when it takes it over; resuming here
        // would hand those bytes to nobody
        this.http2.emit('connection', socket);
      } else {
        this.http1.emit('connection', socket);
        socket.resume();
      }
    };
    socket.on('data', onData);
  }

  listen(port: number, host: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.tcp.once('error', reject);
      this.tcp.listen(port, host, () => resolve());
    });
  }

  address(): AddressInfo {
    return this.tcp.address() as AddressInfo;
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.tcp.close(() => resolve()));
    for (const s of this.sessions) s.destroy();
    this.http1.closeAllConnections();
    for (const s of this.sockets) s.destroy();
    await closed;
  }
}
