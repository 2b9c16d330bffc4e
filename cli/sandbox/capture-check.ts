// Validates a whole capture file before anything reads it for real (replay, analyze): it exists, is
// not empty, starts with a pcap or pcapng magic number (gzip-compressed or not), every record is
// whole (capture-structure.ts names the packet and byte offset where it is not), and capinfos reads
// every packet of it (so a replay never sends part of a file).
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { ZiemError } from '../../core/errors/ziem-error.js';
import { constants as zlibConstants, gunzipSync } from 'node:zlib';
import { runTool } from './run-tool.js';
import { walkCapture } from './capture-structure.js';

/** The capture is unreadable as a whole: nothing was sent or analysed. */
export class CaptureFileError extends ZiemError {
  constructor(message: string, hint?: string) {
    super('CAPTURE_FILE', message, hint === undefined ? {} : { hint });
  }
}

export interface CaptureInfo {
  file: string;
  format: 'pcap' | 'pcapng';
  bytes: number;
  packets: number;
}

const PCAP_MAGICS = new Set(['a1b2c3d4', 'd4c3b2a1', 'a1b23c4d', '4d3cb2a1']);
const PCAPNG_MAGIC = '0a0d0d0a';

/** The capture format from the first bytes (inside gzip, which tshark reads as is), or undefined. Pure. */
export function captureFormat(head: Buffer): CaptureInfo['format'] | undefined {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    try {
      return captureFormatPlain(gunzipSync(head, { finishFlush: zlibConstants.Z_SYNC_FLUSH }).subarray(0, 4));
    } catch {
      return undefined;
    }
  }
  return captureFormatPlain(head);
}

function captureFormatPlain(head: Buffer): CaptureInfo['format'] | undefined {
  if (head.length < 4) return undefined;
  const hex = head.subarray(0, 4).toString('hex');
  if (PCAP_MAGICS.has(hex)) return 'pcap';
  if (hex === PCAPNG_MAGIC) return 'pcapng';
  return undefined;
}

function readHead(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(512);
    const n = readSync(fd, buf, 0, 512, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** capinfos' complaint, without its "will continue anyway" aside. Pure. */
export function capinfosProblem(stderr: string): string {
  return stderr
    .split('\n')
    .map((l) => l.replace(/^capinfos: /, '').trim())
    .filter((l) => l !== '' && !l.startsWith('(will continue'))
    .join(' ');
}

export async function checkCapture(file: string): Promise<CaptureInfo> {
  let bytes: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new CaptureFileError(`${file}: not a regular file`);
    bytes = st.size;
  } catch (err) {
    if (err instanceof CaptureFileError) throw err;
    throw new CaptureFileError(`${file}: no such file`);
  }
  if (bytes === 0) throw new CaptureFileError(`${file}: the file is empty (0 bytes), not a capture`);
  const format = captureFormat(readHead(file));
  if (!format)
    throw new CaptureFileError(
      `${file}: not a pcap or pcapng capture (its first bytes are not a pcap or pcapng magic number)`,
      'convert other formats with editcap, e.g. `editcap -F pcapng in.cap out.pcapng`',
    );
  const walked = walkCapture(readFileSync(file));
  if ('problem' in walked)
    throw new CaptureFileError(
      `${file}: ${walked.problem}; nothing was sent or read`,
      'a capture cut short (a copy or a capture that was killed) can be repaired up to its last whole packet with `editcap in.pcap out.pcap`',
    );
  const r = await runTool('capinfos', ['-T', '-r', '-c', file], { okCodes: [0, 1, 2] });
  if (r.code !== 0)
    throw new CaptureFileError(
      `${file}: ${capinfosProblem(r.stderr) || `capinfos could not read it (exit ${r.code})`}`,
      'a capture cut short (a copy or a capture that was killed) can be repaired up to its last whole packet with `editcap in.pcap out.pcap`',
    );
  const packets = Number(r.stdout.trim().split('\t').pop());
  if (!Number.isInteger(packets)) throw new CaptureFileError(`${file}: capinfos printed no packet count`);
  return { file, format, bytes, packets };
}
