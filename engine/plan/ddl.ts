// CREATE STREAM/TABLE (without AS SELECT): validates columns, formats and WITH properties and
// returns the catalog entry. Topic creation is the caller's job.
import { PlanError } from '../errors.js';
import type { CreateSource, TableElement } from '../syntax/index.js';
import { containsMap, T, typeToString, typesEqual, type SqlType } from '../types/sql-types.js';
import { checkDeclaredNames } from './reserved-names.js';
import { convertType } from '../types/convert-type.js';
import type { PlanServices } from './plan-services.js';
import { Props, parseDurationText } from './properties.js';
import type { Column, NullableRepresentation, SourceDef, WindowInfo } from './catalog.js';
import { checkSchemaIds, inferColumns, SCHEMA_INFERENCE } from './schema-inference.js';

export interface FormatChoice {
  keyFormat: string;
  valueFormat: string;
}

/** ksqlDB's formats (the Schema Registry ones are refused later, by the serdes, as unsupported). */
const KNOWN_FORMATS = new Set(['KAFKA', 'JSON', 'DELIMITED', 'NONE', 'AVRO', 'PROTOBUF', 'PROTOBUF_NOSR', 'JSON_SR']);

function known(format: string | undefined): string | undefined {
  if (format !== undefined && !KNOWN_FORMATS.has(format)) throw new PlanError(`Unknown format: ${format}`);
  return format;
}

/** The session's `ksql.persistence.default.format.key` / `.value`. */
export function defaultFormats(props: Readonly<Record<string, string>>): Partial<FormatChoice> {
  const key = props['ksql.persistence.default.format.key'];
  const value = props['ksql.persistence.default.format.value'];
  return {
    ...(key ? { keyFormat: key.toUpperCase() } : {}),
    ...(value ? { valueFormat: value.toUpperCase() } : {}),
  };
}

/** KEY_FORMAT / VALUE_FORMAT / FORMAT with ksqlDB's defaults (key KAFKA, value required). */
export function readFormats(p: Props, inherited?: FormatChoice, defaults: Partial<FormatChoice> = {}): FormatChoice {
  const format = known(p.upper('FORMAT'));
  for (const both of ['KEY_FORMAT', 'VALUE_FORMAT'])
    if (format && p.has(both))
      throw new PlanError(
        `Cannot supply both '${both}' and 'FORMAT' properties, as 'FORMAT' sets both key and value formats. Either use just 'FORMAT', or use 'KEY_FORMAT' and 'VALUE_FORMAT'.`,
      );
  const valueFormat = known(format ?? p.upper('VALUE_FORMAT') ?? inherited?.valueFormat ?? defaults.valueFormat);
  const keyFormat = known(format ?? p.upper('KEY_FORMAT') ?? inherited?.keyFormat ?? defaults.keyFormat ?? 'KAFKA')!;
  if (!valueFormat)
    throw new PlanError(
      "Statement is missing the 'VALUE_FORMAT' property from the WITH clause. Either provide one or set a default via the 'ksql.persistence.default.format.value' config.",
    );
  // settings that belong to some formats: the Avro schema's full name, DELIMITED's delimiter,
  // protobuf's nullable representation
  for (const [prop, format, owners, config] of [
    ['VALUE_AVRO_SCHEMA_FULL_NAME', valueFormat, ['AVRO'], 'fullSchemaName'],
    ['KEY_DELIMITER', keyFormat, ['DELIMITED'], 'delimiter'],
    ['VALUE_DELIMITER', valueFormat, ['DELIMITED'], 'delimiter'],
    ['KEY_PROTOBUF_NULLABLE_REPRESENTATION', keyFormat, PROTOBUF_FORMATS, 'nullableRepresentation'],
    ['VALUE_PROTOBUF_NULLABLE_REPRESENTATION', valueFormat, PROTOBUF_FORMATS, 'nullableRepresentation'],
  ] as const)
    if (p.has(prop) && !(owners as readonly string[]).includes(format))
      throw new PlanError(`${format} does not support the following configs: [${config}]`);
  // a schema's full name (ksqlDB's `fullSchemaName` format property, trimmed) cannot be blank
  for (const [side, format] of [
    ['KEY', keyFormat],
    ['VALUE', valueFormat],
  ] as const) {
    const name = rawFullName(p, side, format);
    if (name === '') {
      const id = p.int(`${side}_SCHEMA_ID`);
      throw new PlanError(
        `fullSchemaName cannot be empty. Format configuration: {fullSchemaName=${id === undefined ? '' : `, schemaId=${id}`}}`,
      );
    }
  }
  if (p.bool('WRAP_SINGLE_VALUE') === false && (PROTOBUF_FORMATS as readonly string[]).includes(valueFormat))
    throw new PlanError(`Format '${valueFormat}' does not support 'WRAP_SINGLE_VALUE' set to 'false'.`);
  return { keyFormat, valueFormat };
}

const PROTOBUF_FORMATS = ['PROTOBUF', 'PROTOBUF_NOSR'] as const;

/** The trimmed full schema name a side's format takes: AVRO's VALUE_AVRO_SCHEMA_FULL_NAME, else
 *  its KEY_/VALUE_SCHEMA_FULL_NAME, as PROTOBUF's; undefined for other formats or when unset. */
function rawFullName(p: Props, side: 'KEY' | 'VALUE', format: string): string | undefined {
  if (format !== 'AVRO' && format !== 'PROTOBUF') return undefined;
  const avro = format === 'AVRO' && side === 'VALUE' ? p.string('VALUE_AVRO_SCHEMA_FULL_NAME') : undefined;
  return (avro ?? p.string(`${side}_SCHEMA_FULL_NAME`))?.trim();
}

/** The full name of the schema a side's records are written with (AVRO: its record's, PROTOBUF:
 *  its message's), when the statement gives one; readFormats has refused a blank one. */
export function schemaFullName(p: Props, side: 'KEY' | 'VALUE', format: string): string | undefined {
  return rawFullName(p, side, format) || undefined;
}

/** KEY_ or VALUE_PROTOBUF_NULLABLE_REPRESENTATION: OPTIONAL or WRAPPER, unset by default. */
export function readNullable(p: Props, side: 'KEY' | 'VALUE'): NullableRepresentation | undefined {
  const name = `${side}_PROTOBUF_NULLABLE_REPRESENTATION`;
  const v = p.upper(name);
  if (v === undefined) return undefined;
  if (v !== 'OPTIONAL' && v !== 'WRAPPER')
    throw new PlanError(
      `Invalid value ${p.string(name)} for configuration ${name}: String must be one of: OPTIONAL, WRAPPER`,
    );
  return v;
}

const HEADERS_TYPE = T.array(
  T.struct([
    { name: 'KEY', type: T.STRING },
    { name: 'VALUE', type: T.BYTES },
  ]),
);

/** ksqlDB's `Line: L, Col: C: ` prefix, counted from the statement's own start. */
function position(e: TableElement, at: { line: number; column: number } | undefined): string {
  if (!at || e.line === undefined || e.column === undefined) return '';
  const line = e.line - at.line + 1;
  return `Line: ${line}, Col: ${line === 1 ? e.column - at.column + 1 : e.column}: `;
}

function column(e: TableElement, kind: 'STREAM' | 'TABLE', at?: { line: number; column: number }): Column {
  const where = position(e, at);
  const type = convertType(e.type);
  if (e.constraint === 'KEY' && kind === 'TABLE')
    throw new PlanError(
      `${where}Column \`${e.name}\` is a 'KEY' column: please use 'PRIMARY KEY' for tables.\nTables have PRIMARY KEYs, which are unique and NON NULL.\nStreams have KEYs, which have no uniqueness or NON NULL constraints.`,
    );
  if (e.constraint === 'PRIMARY_KEY' && kind === 'STREAM')
    throw new PlanError(
      `${where}Column \`${e.name}\` is a 'PRIMARY KEY' column: please use 'KEY' for streams.\nTables have PRIMARY KEYs, which are unique and NON NULL.\nStreams have KEYs, which have no uniqueness or NON NULL constraints.`,
    );
  if (e.constraint === 'KEY' || e.constraint === 'PRIMARY_KEY') {
    checkNoMapKey({ name: e.name, type });
    return { name: e.name, type, ns: 'KEY' };
  }
  if (e.constraint === 'HEADERS') {
    if (!typesEqual(type, HEADERS_TYPE))
      throw new PlanError(
        `Invalid type for HEADERS column: expected ${typeToString(HEADERS_TYPE)}, got ${typeToString(type)}`,
      );
    return { name: e.name, type: HEADERS_TYPE, ns: 'HEADER' };
  }
  if (e.constraint === 'HEADER') {
    if (type.kind !== 'BYTES')
      throw new PlanError(
        `Invalid type for HEADER('${e.headerKey ?? ''}') column: expected BYTES, got ${typeToString(type)}`,
      );
    return { name: e.name, type, ns: 'HEADER', ...(e.headerKey !== undefined ? { headerKey: e.headerKey } : {}) };
  }
  return { name: e.name, type, ns: 'VALUE' };
}

function readWindow(p: Props): WindowInfo | undefined {
  const type = p.upper('WINDOW_TYPE');
  if (!type) {
    if (p.has('WINDOW_SIZE')) throw new PlanError("'WINDOW_SIZE' should not be set without 'WINDOW_TYPE'.");
    return undefined;
  }
  if (type !== 'TUMBLING' && type !== 'HOPPING' && type !== 'SESSION')
    throw new PlanError(`Invalid value for WINDOW_TYPE: ${type}`);
  const size = p.string('WINDOW_SIZE');
  if (type === 'SESSION') {
    if (size !== undefined) throw new PlanError("'WINDOW_SIZE' should not be set for SESSION windows.");
    return { type };
  }
  if (size === undefined) throw new PlanError(`'WINDOW_SIZE' must be set for ${type} windows.`);
  return { type, sizeMs: parseDurationText(size, 'WINDOW_SIZE') };
}

function checkNoMapKey(c: { name: string; type: SqlType }): void {
  if (containsMap(c.type)) {
    throw new PlanError(
      `Map keys, including types that contain maps, are not supported as they may lead to unexpected behavior due to inconsistent serialization. Key column name: \`${c.name}\`. Column type: ${typeToString(c.type)}. See https://github.com/confluentinc/ksql/issues/6621 for more.`,
    );
  }
}

export function checkKeyAndValueSerdes(def: SourceDef, services: PlanServices): void {
  const key = def.columns.filter((c) => c.ns === 'KEY');
  key.forEach(checkNoMapKey);
  const value = def.columns.filter((c) => c.ns === 'VALUE');
  services.checkSerde({
    format: def.keyFormat,
    columns: key,
    isKey: true,
    wrapSingle: false,
    delimiter: def.keyDelimiter,
    nullable: def.keyNullable,
  });
  services.checkSerde({
    format: def.valueFormat,
    columns: value,
    isKey: false,
    wrapSingle: def.wrapSingleValue,
    delimiter: def.valueDelimiter,
    nullable: def.valueNullable,
  });
}

export function createSourceDef(
  s: CreateSource,
  defaultPartitions: (topic: string) => number | undefined,
  services: PlanServices,
  props: Readonly<Record<string, string>> = {},
): SourceDef {
  const p = new Props(s.properties);
  const topic = p.string('KAFKA_TOPIC');
  if (!topic) throw new PlanError('Missing required property "KAFKA_TOPIC" which has no default value.');
  checkDeclaredNames(s.elements.map((e) => e.name));
  const declared = s.elements.map((e) => column(e, s.sourceType, s));
  const names = new Set<string>();
  for (const c of declared) {
    if (names.has(c.name)) throw new PlanError(`Duplicate column names: ${c.name}`);
    names.add(c.name);
  }
  const formats = readFormats(p, undefined, defaultFormats(props));
  // WITH properties are checked while the statement is prepared, before its columns
  const valueDelimiter = delimiter(p.string('VALUE_DELIMITER'));
  const keyDelimiter = delimiter(p.string('KEY_DELIMITER'), 'KEY_DELIMITER');
  checkSchemaIds(declared, formats, p);
  if (declared.length === 0 && !SCHEMA_INFERENCE.has(formats.valueFormat)) throw new PlanError('No columns supplied.');
  const { columns, anonymousValue } = inferColumns(declared, topic, formats, p, services);
  const hasKey = columns.some((c) => c.ns === 'KEY');
  if (s.sourceType === 'TABLE' && !hasKey)
    throw new PlanError('Tables require a PRIMARY KEY. Please define the PRIMARY KEY.');
  const partitions = p.int('PARTITIONS') ?? defaultPartitions(topic);
  if (partitions === undefined) {
    throw new PlanError(
      `Topic '${topic}' does not exist. If you want to create a new topic for the ${s.sourceType.toLowerCase()} please re-run the statement providing the required 'PARTITIONS' configuration in the WITH clause (and optionally 'REPLICAS'). For example: CREATE ${s.sourceType} ${s.name} WITH (KAFKA_TOPIC='${topic}', PARTITIONS=2, REPLICAS=1)`,
    );
  }
  const window = readWindow(p);
  if (window && !hasKey) throw new PlanError('Windowed sources require a key column.');
  const keyNullable = readNullable(p, 'KEY');
  const valueNullable = readNullable(p, 'VALUE');
  const keySchemaFullName = schemaFullName(p, 'KEY', formats.keyFormat);
  const valueSchemaFullName = schemaFullName(p, 'VALUE', formats.valueFormat);
  const keySchemaId = p.int('KEY_SCHEMA_ID');
  const valueSchemaId = p.int('VALUE_SCHEMA_ID');
  const def: SourceDef = {
    name: s.name,
    kind: s.sourceType,
    topic,
    keyFormat: formats.keyFormat,
    valueFormat: formats.valueFormat,
    columns,
    ...(window ? { window } : {}),
    wrapSingleValue: anonymousValue ? false : readWrapSingle(p, columns, props),
    valueDelimiter,
    keyDelimiter,
    ...(keyNullable ? { keyNullable } : {}),
    ...(valueNullable ? { valueNullable } : {}),
    ...(keySchemaFullName !== undefined ? { keySchemaFullName } : {}),
    ...(valueSchemaFullName !== undefined ? { valueSchemaFullName } : {}),
    ...(keySchemaId !== undefined ? { keySchemaId } : {}),
    ...(valueSchemaId !== undefined ? { valueSchemaId } : {}),
    partitions,
    statement: s.text,
    ...(s.readOnly ? { readOnly: true } : {}),
  };
  const ts = p.string('TIMESTAMP');
  if (ts !== undefined) def.timestampColumn = ts.toUpperCase();
  const tsf = p.string('TIMESTAMP_FORMAT');
  if (tsf !== undefined) def.timestampFormat = tsf;
  checkTimestampColumn(def);
  checkKeyAndValueSerdes(def, services);
  return def;
}

/** A VALUE_/KEY_DELIMITER: one character, or TAB or SPACE by name (ksqlDB's checks and words). */
export function delimiter(d: string | undefined, prop = 'VALUE_DELIMITER'): string {
  if (d === undefined) return ',';
  const named: Record<string, string> = { TAB: '\t', SPACE: ' ' };
  const byName = named[d.toUpperCase()];
  if (byName) return byName;
  const invalid = (why: string): PlanError =>
    new PlanError(`Failed to prepare statement: Configuration ${prop} is invalid: ${why}\nExample valid value: ';'`);
  if (d.trim() === '')
    throw invalid(
      "Delimiter cannot be empty, if you meant to have a tab or space for delimiter, please use the special values 'TAB' or 'SPACE'",
    );
  if ([...d].length !== 1)
    throw invalid(`Invalid delimiter value: '${d}'. Delimiter must be a single character or TAB,SPACE`);
  return d;
}

export function checkTimestampColumn(def: SourceDef): void {
  if (!def.timestampColumn) return;
  const c = def.columns.find((x) => x.name === def.timestampColumn);
  if (!c)
    throw new PlanError(
      `The TIMESTAMP column set in the WITH clause does not exist in the schema: '${def.timestampColumn}'`,
    );
  const ok =
    c.type.kind === 'BIGINT' ||
    c.type.kind === 'TIMESTAMP' ||
    (c.type.kind === 'STRING' && def.timestampFormat !== undefined);
  if (c.type.kind === 'STRING' && def.timestampFormat === undefined) {
    throw new PlanError(`Timestamp column, \`${c.name}\`, requires a TIMESTAMP_FORMAT when its type is STRING.`);
  }
  if (!ok)
    throw new PlanError(
      `Timestamp column, \`${c.name}\`, should be LONG(INT64), TIMESTAMP, or a String with a timestamp_format specified.`,
    );
}

/** The source with ALTER's columns added (value columns only, no name used twice). */
export function alterSourceDef(def: SourceDef, add: readonly TableElement[], services: PlanServices): SourceDef {
  checkDeclaredNames(add.map((e) => e.name));
  const columns = [...def.columns];
  for (const e of add) {
    if (e.constraint !== 'VALUE')
      throw new PlanError(`ALTER ${def.kind} can only add value columns: ${e.name} is declared ${e.constraint}`);
    if (columns.some((c) => c.name === e.name))
      throw new PlanError(`Cannot add column \`${e.name}\` to schema. A column with the same name already exists.`);
    columns.push(column(e, def.kind));
  }
  const altered = { ...def, columns };
  checkKeyAndValueSerdes(altered, services);
  return altered;
}

/** WRAP_SINGLE_VALUE, only for a single value column; else the session's
 *  `ksql.persistence.wrap.single.values` (default true). */
export function readWrapSingle(
  p: Props,
  columns: readonly Column[],
  props: Readonly<Record<string, string>> = {},
): boolean {
  const explicit = p.bool('WRAP_SINGLE_VALUE');
  const values = columns.filter((c) => c.ns === 'VALUE').length;
  if (explicit !== undefined && values !== 1)
    throw new PlanError("'WRAP_SINGLE_VALUE' is only valid for single-field value schemas");
  const configured = props['ksql.persistence.wrap.single.values'];
  return explicit ?? (configured === undefined ? true : configured.toLowerCase() !== 'false');
}
