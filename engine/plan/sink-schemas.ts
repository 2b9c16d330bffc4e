// The registered schemas a CREATE ... AS SELECT's sink writes with, as ksqlDB's
// DefaultSchemaInjector takes them: a KEY_/VALUE_SCHEMA_ID names a schema on the Schema Registry
// (AVRO, JSON_SR, or PROTOBUF: its message KEY_/VALUE_SCHEMA_FULL_NAME's, else its first) the
// sink's records are written with, once the sink's columns are checked against the columns it
// declares (each column at its place, with its name and type; the schema may have more fields
// after them: written with their defaults, or null where optional, a required one failing the
// record). Without an id a full name (AVRO: VALUE_AVRO_SCHEMA_FULL_NAME too) names the record or
// message of the columns' own schema. Ids of formats without schema inference are refused.
import { NotSupportedError, PlanError } from '../errors.js';
import { typeToString } from '../types/sql-types.js';
import type { Column } from './catalog.js';
import type { SinkPlan } from './logical-plan.js';
import type { PlanServices } from './plan-services.js';
import type { Props } from './properties.js';
import { schemaFullName } from './ddl.js';
import { checkInferable } from './schema-inference.js';

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
    const fullName = schemaFullName(p, side, format);
    if (fullName !== undefined) out[isKey ? 'keySchemaFullName' : 'valueSchemaFullName'] = fullName;
    if (id === undefined) continue;
    checkInferable(side, format);
    if (!services.inferColumns)
      throw new NotSupportedError(
        `${side}_SCHEMA_ID`,
        `${side}_SCHEMA_ID on CREATE ... AS SELECT needs a Schema Registry to read schema ${id} from, which this driver does not have`,
      );
    const registered =
      services.inferColumns(format, topic, isKey, id, format === 'PROTOBUF' ? fullName : undefined)?.columns ?? [];
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
