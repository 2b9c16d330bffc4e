// The Confluent wire format every Schema Registry format frames its records with: magic byte 0,
// the schema's registry id as a 4-byte big-endian int, then the payload (JSON text for JSON_SR).
import { RecordError } from '../../errors.js';

const MAGIC = 0;
const HEADER = 5;

export function frame(schemaId: number, payload: Buffer): Buffer {
  const out = Buffer.allocUnsafe(HEADER + payload.length);
  out[0] = MAGIC;
  out.writeInt32BE(schemaId, 1);
  payload.copy(out, HEADER);
  return out;
}

/** The schema id and payload of a framed record; throws RecordError when the frame is not Confluent's. */
export function unframe(bytes: Buffer, format: string): { schemaId: number; payload: Buffer } {
  if (bytes.length < HEADER)
    throw new RecordError(
      `Failed to deserialize data: ${format} needs the Confluent wire format (magic byte 0 and a 4-byte schema id), got ${bytes.length} byte(s)`,
    );
  if (bytes[0] !== MAGIC)
    throw new RecordError(`Failed to deserialize data: ${format}: unknown magic byte ${bytes[0]!} (Confluent's is 0)`);
  return { schemaId: bytes.readInt32BE(1), payload: bytes.subarray(HEADER) };
}
