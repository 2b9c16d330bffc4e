// The registered schemas a CREATE ... AS SELECT's sink writes with, as ksqlDB takes them: a
// KEY_/VALUE_SCHEMA_ID names a PROTOBUF schema on the Schema Registry whose message
// (KEY_/VALUE_SCHEMA_FULL_NAME's, else its first) the sink's records are written as, once the
// sink's columns are checked against it (each column in order, with its name and type; the schema
// may have more fields after them, as every proto3 field may be absent). Without an id a
// SCHEMA_FULL_NAME names the message of the columns' own schema. Other formats' ids are refused:
// their sinks write their own columns' schema.
import { NotSupportedError, PlanError } from '../errors.js';
import { typeToString } from '../types/sql-types.js';
import type { Column } from './catalog.js';
import type { SinkPlan } from './logical-plan.js';
import type { PlanServices } from './plan-services.js';
import type { Props } from './properties.js';

export type SinkSchemas = Pick<SinkPlan, 'keySchemaId' | 'valueSchemaId' | 'keySchemaFullName' | 'valueSchemaFullName'>;

function shape(cols: ReadonlyArray<{ name: string; type: Column['type'] }>): string {
  return `[${cols.map((c) => `\`${c.name}\` ${typeToString(c.type)}`).join(', ')}]`;
}

export function sinkSchemas(
  p: Props,
  formats: { keyFormat: string; valueFormat: string },
  output: readonly Column[],
  topic: string,
  services: PlanServices,
): SinkSchemas {
  const out: SinkSchemas = {};
  for (const side of ['KEY', 'VALUE'] as const) {
    const isKey = side === 'KEY';
    const format = isKey ? formats.keyFormat : formats.valueFormat;
    const id = p.int(`${side}_SCHEMA_ID`);
    const fullName = format === 'PROTOBUF' ? p.string(`${side}_SCHEMA_FULL_NAME`) : undefined;
    if (fullName !== undefined) out[isKey ? 'keySchemaFullName' : 'valueSchemaFullName'] = fullName;
    if (id === undefined) continue;
    if (format !== 'PROTOBUF' || !services.inferColumns)
      throw new NotSupportedError(
        `${side}_SCHEMA_ID`,
        `${side}_SCHEMA_ID on CREATE ... AS SELECT is not supported yet for ${format}: the sink would write its own columns' schema, not the one the id names`,
      );
    const registered = services.inferColumns(format, topic, isKey, id, fullName)?.columns ?? [];
    const mine = output.filter((c) => (c.ns === 'KEY') === isKey);
    const changed = mine.filter((c, i) => {
      const r = registered[i];
      return !r || r.name !== c.name || typeToString(r.type) !== typeToString(c.type);
    });
    if (changed.length > 0)
      throw new PlanError(
        `The following ${side.toLowerCase()} columns are changed, missing or reordered: ${shape(changed)}. Schema from schema registry is ${shape(registered)}`,
      );
    out[isKey ? 'keySchemaId' : 'valueSchemaId'] = id;
  }
  return out;
}
