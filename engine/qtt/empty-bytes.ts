// ksqlDB's QTT runner compares a record's top-level BYTES fields as base64 text, and an empty one
// as null (TestExecutor.coerceRecordFields, for the records its Connect-based serdes read: AVRO,
// PROTOBUF, PROTOBUF_NOSR). The decoders of those formats give their JSON objects through here.
import type { SqlType } from '../types/sql-types.js';

/** `row` (field name to JSON) with each empty top-level BYTES field as null. */
export function emptyBytesAsNull(
  row: Record<string, unknown>,
  fields: ReadonlyArray<{ name: string; type: SqlType }>,
): Record<string, unknown> {
  for (const f of fields) if (f.type.kind === 'BYTES' && row[f.name] === '') row[f.name] = null;
  return row;
}
