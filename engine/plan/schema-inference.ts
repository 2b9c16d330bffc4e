// A CREATE's columns inferred from the Schema Registry, as ksqlDB does for the formats that carry
// a registered schema: value columns when the statement declares none (VALUE_SCHEMA_ID picks the
// schema, else the subject's latest; none registered is an error), a ROWKEY key column when it
// declares no key and the key's subject holds a schema (KEY_SCHEMA_ID, else latest; none: no key).
import { NotSupportedError, PlanError } from '../errors.js';
import type { Column } from './catalog.js';
import type { PlanServices } from './plan-services.js';
import type { Props } from './properties.js';
import { T } from '../types/sql-types.js';

/** Formats whose schema comes from the Schema Registry, so a CREATE may leave out the columns. */
export const SCHEMA_INFERENCE = new Set(['AVRO', 'PROTOBUF', 'JSON_SR']);

export interface Inferred {
  columns: Column[];
  /** The value schema is no record: its one column is the whole value (WRAP_SINGLE_VALUE=false). */
  anonymousValue: boolean;
}

/** A side given a KEY_/VALUE_SCHEMA_ID must have a format that infers schemas (ksqlDB's words). */
export function checkInferable(side: 'KEY' | 'VALUE', format: string): void {
  if (!SCHEMA_INFERENCE.has(format))
    throw new PlanError(
      `${side}_FORMAT should support schema inference when ${side}_SCHEMA_ID is provided. Current format is ${format}.`,
    );
}

/** ksqlDB's checks of KEY_/VALUE_SCHEMA_ID on a CREATE, before its columns are looked at: the
 *  side's format must infer schemas, and the statement must not also declare that side's columns. */
export function checkSchemaIds(
  declared: readonly Column[],
  formats: { keyFormat: string; valueFormat: string },
  p: Props,
): void {
  for (const side of ['KEY', 'VALUE'] as const) {
    if (!p.has(`${side}_SCHEMA_ID`)) continue;
    checkInferable(side, side === 'KEY' ? formats.keyFormat : formats.valueFormat);
    if (declared.some((c) => (c.ns === 'KEY') === (side === 'KEY')))
      throw new PlanError(`Table elements and ${side}_SCHEMA_ID cannot both exist for create statement.`);
  }
}

export function inferColumns(
  declared: readonly Column[],
  topic: string,
  formats: { keyFormat: string; valueFormat: string },
  p: Props,
  services: PlanServices,
): Inferred {
  const keyId = p.int('KEY_SCHEMA_ID');
  const valueId = p.int('VALUE_SCHEMA_ID');
  const hasKey = declared.some((c) => c.ns === 'KEY');
  const hasValue = declared.some((c) => c.ns === 'VALUE');
  const infer = services.inferColumns?.bind(services);
  const key: Column[] = [];
  if (!hasKey && SCHEMA_INFERENCE.has(formats.keyFormat) && infer) {
    const got = infer(formats.keyFormat, topic, true, keyId, p.string('KEY_SCHEMA_FULL_NAME'));
    if (got) key.push(...got.columns.map((c) => ({ ...c, ns: 'KEY' as const })));
  }
  const value: Column[] = [];
  let anonymousValue = false;
  if (!hasValue && SCHEMA_INFERENCE.has(formats.valueFormat)) {
    if (!infer)
      throw new NotSupportedError(
        'schema-inference',
        `topic ${topic}: inferring ${formats.valueFormat} value columns needs a Schema Registry, which this driver does not have`,
      );
    const got = infer(formats.valueFormat, topic, false, valueId, p.string('VALUE_SCHEMA_FULL_NAME'));
    if (!got)
      throw new PlanError(
        `Schema for message values on topic '${topic}' does not exist in the Schema Registry.\nSubject: ${topic}-value`,
      );
    if (!got.anonymous && p.bool('WRAP_SINGLE_VALUE') === false) {
      // an unwrapped value is one column: a record schema is then that column's struct
      value.push({ name: 'ROWVAL', type: T.struct(got.columns), ns: 'VALUE' as const });
      anonymousValue = true;
    } else {
      value.push(...got.columns.map((c) => ({ ...c, ns: 'VALUE' as const })));
      anonymousValue = got.anonymous;
    }
  }
  const keys = [...key, ...declared.filter((c) => c.ns === 'KEY')];
  const rest = declared.filter((c) => c.ns !== 'KEY');
  return { columns: [...keys, ...value, ...rest], anonymousValue };
}
