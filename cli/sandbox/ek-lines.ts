// tshark's EK output to packet records: index lines ({"index":...}) are dropped, each packet line
// is kept as it is. A Transform for the live pipe, and a parser for replay's per-record timestamp.
import { Transform, type TransformCallback } from 'node:stream';

export function isIndexLine(line: string): boolean {
  return line.startsWith('{"index"');
}

export interface EkPacket {
  readonly timestampMs: number;
  readonly line: string;
}

/** The packet in one EK line, or undefined for index lines, blanks and anything that is not a packet. */
export function parseEkLine(line: string): EkPacket | undefined {
  const t = line.trim();
  if (t === '' || isIndexLine(t)) return undefined;
  const m = /^\{"timestamp":"(\d+)"/.exec(t);
  if (!m) return undefined;
  return { timestampMs: Number(m[1]), line: t };
}

/** Passes packet lines through (newline-terminated), counting them; drops everything else. */
export class EkLineFilter extends Transform {
  packets = 0;
  private rest = '';

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const text = this.rest + chunk.toString('utf8');
    const lines = text.split('\n');
    this.rest = lines.pop() ?? '';
    this.pushLines(lines);
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.rest) this.pushLines([this.rest]);
    this.rest = '';
    done();
  }

  private pushLines(lines: string[]): void {
    let out = '';
    for (const l of lines) {
      if (!l.startsWith('{"timestamp"')) continue;
      out += l + '\n';
      this.packets++;
    }
    if (out) this.push(out);
  }
}

/** Counts kcat's per-record delivery reports (kcat -v -v -v) on its stderr. */
export class DeliveryCounter {
  delivered = 0;
  failed = 0;
  lastError: string | undefined;
  private rest = '';

  feed(chunk: string): void {
    const lines = (this.rest + chunk).split('\n');
    this.rest = lines.pop() ?? '';
    for (const l of lines) {
      if (l.includes('Message delivered to partition')) this.delivered++;
      else if (l.includes('Delivery failed')) {
        this.failed++;
        this.lastError = l.trim();
      } else if (/ERROR|error/.test(l)) this.lastError = l.trim();
    }
  }
}
