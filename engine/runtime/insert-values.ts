// INSERT INTO ... VALUES: evaluates the literal row, converts each value to its column's type,
// serialises key and value with the target's formats and produces one record.
import { PlanError } from '../errors.js';
import type { InsertValues } from '../syntax/index.js';
import { compile, type CompileContext } from '../exec/expression/compile.js';
import { makeScope } from '../types/scope.js';
import { castValue } from '../exec/expression/cast.js';
import { implicitlyCoercible, isNumeric, typeToString } from '../types/sql-types.js';
import { makeSerde } from '../exec/serde/serde.js';
import type { Value } from '../types/values.js';
import type { SourceDef } from '../plan/catalog.js';
import type { TopicDriver } from '../exec/topic-driver.js';

/** A table row needs a value for every primary key column (ksqlDB's GenericRecordFactory; an
 *  explicit NULL is refused too: Kafka would carry a null key, which a table drops). */
export function checkTableKey(def: SourceDef, keyValues: ReadonlyArray<Value | undefined>): void {
  if (def.kind !== 'TABLE') return;
  const keys = def.columns.filter((c) => c.ns === 'KEY');
  const missing = keys.filter((_, i) => keyValues[i] === undefined || keyValues[i] === null).map((c) => c.name);
  if (missing.length > 0)
    throw new PlanError(`Value for primary key column(s) ${missing.join(', ')} is required for tables`);
}

export function insertValues(
  s: InsertValues,
  def: SourceDef,
  driver: TopicDriver,
  ctx: CompileContext,
  now: number,
): void {
  const schemaCols = [...def.columns.filter((c) => c.ns === 'KEY'), ...def.columns.filter((c) => c.ns === 'VALUE')];
  const names = s.columns ?? schemaCols.map((c) => c.name);
  if (names.length !== s.values.length) {
    throw new PlanError(
      `Expected a value for each column. Expected Columns: [${names.join(', ')}]. Got [${s.values.length} values]`,
    );
  }
  const given = new Map<string, Value>();
  let rowtime: number | undefined;
  names.forEach((name, i) => {
    const c = compile(s.values[i]!, makeScope([], [], 'VALUES'), ctx);
    const v = c.eval([]);
    if (name === 'ROWTIME') return void (rowtime = v as number);
    const col = def.columns.find((x) => x.name === name);
    if (!col) throw new PlanError(`Column name ${name} does not exist.`);
    const ok =
      implicitlyCoercible(c.type, col.type) || (isNumeric(c.type) && isNumeric(col.type)) || c.type.kind === 'NULL';
    if (!ok)
      throw new PlanError(
        `Expected type ${typeToString(col.type)} for field ${name} but got ${v === null ? 'null' : JSON.stringify(v)}(${typeToString(c.type)})`,
      );
    given.set(name, castValue(v, c.type, col.type));
  });
  const keys = def.columns.filter((c) => c.ns === 'KEY');
  const values = def.columns.filter((c) => c.ns === 'VALUE');
  try {
    checkTableKey(
      def,
      keys.map((k) => given.get(k.name)),
    );
  } catch (err) {
    throw new PlanError(`Failed to insert values into '${s.target}'. ${(err as Error).message}`);
  }
  const keySerde = makeSerde({
    format: def.keyFormat,
    columns: keys,
    isKey: true,
    wrapSingle: false,
    delimiter: def.keyDelimiter,
    nullable: def.keyNullable,
    schemaRegistry: driver.schemaRegistry,
    topic: def.topic,
    sourceName: def.name,
    schemaId: def.keySchemaId,
    schemaFullName: def.keySchemaFullName,
  });
  const valueSerde = makeSerde({
    format: def.valueFormat,
    columns: values,
    isKey: false,
    wrapSingle: def.wrapSingleValue,
    delimiter: def.valueDelimiter,
    nullable: def.valueNullable,
    schemaRegistry: driver.schemaRegistry,
    topic: def.topic,
    sourceName: def.name,
    schemaId: def.valueSchemaId,
    schemaFullName: def.valueSchemaFullName,
  });
  const tsCol = def.timestampColumn ? given.get(def.timestampColumn) : undefined;
  driver.produce(def.topic, {
    key: keys.length === 0 ? null : keySerde.serialize(keys.map((k) => given.get(k.name) ?? null)),
    value: valueSerde.serialize(values.map((v) => given.get(v.name) ?? null)),
    timestamp: rowtime ?? (typeof tsCol === 'number' ? tsCol : now),
    headers: [],
    partition: 0,
  });
}
