// The message-indexes array of Confluent's protobuf wire format, between the schema id and the
// message: which message of the schema the record is, as the path of indexes from the file's
// top-level messages (nested ones after), zigzag varints led by their count; the first message,
// [0], is the single byte 0 (count 0).
import { RecordError } from '../../errors.js';
import { frame } from './confluent-wire.js';
import { ProtoWriter } from './protobuf-wire.js';

/** The message indexes and the message of a framed PROTOBUF payload (after the schema id). */
export function splitMessage(payload: Buffer): { indexes: number[]; message: Buffer } {
  let at = 0;
  const varint = (): number => {
    let v = 0;
    let shift = 0;
    for (;;) {
      if (at >= payload.length || shift > 28)
        throw new RecordError('Failed to deserialize data: PROTOBUF message-indexes array is truncated');
      const b = payload[at++]!;
      v |= (b & 0x7f) << shift;
      if (b < 0x80) return (v >>> 1) ^ -(v & 1);
      shift += 7;
    }
  };
  const count = varint();
  if (count < 0) throw new RecordError(`Failed to deserialize data: PROTOBUF message-indexes count ${count}`);
  const indexes: number[] = [];
  for (let i = 0; i < count; i++) indexes.push(varint());
  return { indexes: indexes.length === 0 ? [0] : indexes, message: payload.subarray(at) };
}

/** The framed bytes of `message`, a message at `indexes` (default the first) of schema `schemaId`. */
export function frameMessage(schemaId: number, message: Buffer, indexes: readonly number[] = [0]): Buffer {
  const w = new ProtoWriter();
  const zigzag = (n: number): number => (n << 1) ^ (n >> 31);
  if (indexes.length === 1 && indexes[0] === 0) w.varint(0);
  else {
    w.varint(zigzag(indexes.length));
    for (const i of indexes) w.varint(zigzag(i));
  }
  return frame(schemaId, Buffer.concat([w.finish(), message]));
}
