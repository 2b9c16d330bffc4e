// Reads one capture with tshark and the capture agent's own field list (the EK contract of
// cli/sandbox/capture-fields.ts) and hands each packet line, with its packet time, to the caller,
// as the capture agent's records reach the capture topic. The file is validated whole first.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { tsharkEkArgs } from '../sandbox/capture-fields.js';
import { checkCapture, CaptureFileError, type CaptureInfo } from '../sandbox/capture-check.js';
import { parseEkLine } from '../sandbox/ek-lines.js';

/** Called per packet; a promise pauses reading until it settles (back-pressure). */
export type PacketSink = (line: string, timestampMs: number) => void | Promise<void>;

export async function feedCapture(file: string, sink: PacketSink): Promise<CaptureInfo> {
  const info = await checkCapture(file);
  const tshark = spawn('tshark', tsharkEkArgs(file), { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  tshark.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number>((resolve, reject) => {
    tshark.on('error', (e) => reject(new CaptureFileError(`cannot run tshark: ${e.message}`, 'install tshark')));
    tshark.on('close', (c) => resolve(c ?? 1));
  });
  for await (const raw of createInterface({ input: tshark.stdout, crlfDelay: Infinity })) {
    const pkt = parseEkLine(raw);
    if (!pkt) continue;
    const p = sink(pkt.line, pkt.timestampMs);
    if (p !== undefined) await p;
  }
  const code = await exited;
  if (code !== 0) {
    const why = stderr
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.includes('could be dangerous'))
      .slice(-2)
      .join(' | ');
    throw new CaptureFileError(`${file}: tshark could not read it (exit ${code})${why ? `: ${why}` : ''}`);
  }
  return info;
}
