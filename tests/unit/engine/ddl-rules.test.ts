// DDL and format rules on the in-memory engine: read-only sources, ALTER, CREATE TYPE/DROP TYPE,
// system column names, formats and their defaults, WRAP_SINGLE_VALUE, header columns, windowed
// sources; each refusal in ksqlDB's words.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../engine/runtime/engine.js';
import { MemoryDriver } from '../../../engine/runtime/memory-driver.js';

const engine = (props: Record<string, string> = {}): Engine =>
  new Engine({ driver: new MemoryDriver(), assumeTopicsExist: true, props });
const SRC = "CREATE SOURCE STREAM IN1 (K STRING KEY, T STRING) WITH (KAFKA_TOPIC='t', VALUE_FORMAT='JSON');";

describe('read-only sources', () => {
  it('refuse INSERT, CREATE OR REPLACE, ALTER and DELETE TOPIC', () => {
    const e = engine();
    e.execute(SRC);
    expect(() => e.execute("INSERT INTO IN1 VALUES ('a', 'b');")).toThrowError(
      'Cannot insert values into read-only stream: IN1',
    );
    expect(() => e.execute(SRC.replace('CREATE SOURCE', 'CREATE OR REPLACE'))).toThrowError(
      "Cannot add stream 'IN1': CREATE OR REPLACE is not supported on source streams.",
    );
    expect(() => e.execute('ALTER STREAM IN1 ADD COLUMN X INT;')).toThrowError(
      "Cannot alter stream 'IN1': ALTER operations are not supported on source streams.",
    );
    expect(() => e.execute('DROP STREAM IN1 DELETE TOPIC;')).toThrowError(
      'Cannot delete topic for read-only source: IN1',
    );
    e.execute("CREATE STREAM IN2 (K STRING KEY, T STRING) WITH (KAFKA_TOPIC='t2', VALUE_FORMAT='JSON');");
    expect(() => e.execute('INSERT INTO IN1 SELECT * FROM IN2;')).toThrowError(
      'Cannot insert into read-only stream: IN1',
    );
  });
});

describe('ALTER and CREATE TYPE', () => {
  it('adds value columns that later queries read', () => {
    const e = engine();
    e.execute("CREATE STREAM S (K STRING KEY, A INT) WITH (KAFKA_TOPIC='s', VALUE_FORMAT='JSON');");
    e.execute('ALTER STREAM S ADD COLUMN B STRING;');
    expect(e.catalog.get('S')!.columns.map((c) => c.name)).toEqual(['K', 'A', 'B']);
    expect(() => e.execute('ALTER STREAM S ADD COLUMN A INT;')).toThrowError(
      'Cannot add column `A` to schema. A column with the same name already exists.',
    );
    expect(() => e.execute('ALTER TABLE S ADD COLUMN C INT;')).toThrowError(/Incompatible data source type is STREAM/);
  });
  it('registers named types, nested, and drops them', () => {
    const e = engine();
    e.execute('CREATE TYPE ADDR AS STRUCT<CITY STRING>; CREATE TYPE PERSON AS STRUCT<NAME STRING, HOME ADDR>;');
    e.execute("CREATE STREAM P (K STRING KEY, WHO PERSON) WITH (KAFKA_TOPIC='p', VALUE_FORMAT='JSON');");
    expect(e.catalog.get('P')!.columns[1]!.type).toEqual({
      kind: 'STRUCT',
      fields: [
        { name: 'NAME', type: { kind: 'STRING' } },
        { name: 'HOME', type: { kind: 'STRUCT', fields: [{ name: 'CITY', type: { kind: 'STRING' } }] } },
      ],
    });
    expect(() => e.execute('CREATE TYPE ADDR AS INT;')).toThrowError(/already registered/);
    e.execute('DROP TYPE ADDR;');
    expect(() => e.execute('DROP TYPE ADDR;')).toThrowError('Type ADDR does not exist.');
    expect(() =>
      e.execute("CREATE STREAM Q (K STRING KEY, A ADDR) WITH (KAFKA_TOPIC='q', VALUE_FORMAT='JSON');"),
    ).toThrowError('Unknown type: ADDR');
  });
});

describe('columns and formats', () => {
  it('keeps system column names for the system', () => {
    expect(() =>
      engine().execute("CREATE STREAM S (K STRING KEY, ROWPARTITION INT) WITH (KAFKA_TOPIC='s', VALUE_FORMAT='JSON');"),
    ).toThrowError("'ROWPARTITION' is a reserved column name. You cannot use it as a name for a column.");
    const e = engine();
    e.execute("CREATE STREAM S (K STRING KEY, A INT) WITH (KAFKA_TOPIC='s', VALUE_FORMAT='JSON');");
    expect(() => e.execute('CREATE STREAM O AS SELECT K, ROWTIME FROM S;')).toThrowError(
      'Reserved column name in select: `ROWTIME`. Please remove or alias the column.',
    );
    expect(() => e.execute('CREATE STREAM O AS SELECT K, A AS ROWOFFSET FROM S;')).toThrowError(
      '`ROWOFFSET` is a reserved column name. You cannot use it as an alias for a column.',
    );
    e.execute('CREATE STREAM O AS SELECT K, ROWTIME AS RT FROM S;');
  });
  it('checks formats, their defaults and WRAP_SINGLE_VALUE', () => {
    expect(() => engine().execute("CREATE STREAM S (A INT) WITH (KAFKA_TOPIC='s', VALUE_FORMAT='FOO');")).toThrowError(
      'Unknown format: FOO',
    );
    expect(() =>
      engine().execute("CREATE STREAM S (A INT) WITH (KAFKA_TOPIC='s', FORMAT='JSON', VALUE_FORMAT='JSON');"),
    ).toThrowError("Cannot supply both 'VALUE_FORMAT' and 'FORMAT' properties");
    const e = engine({ 'ksql.persistence.default.format.value': 'JSON' });
    e.execute("CREATE STREAM S (K STRING KEY, A INT) WITH (KAFKA_TOPIC='s');");
    expect(e.catalog.get('S')!.valueFormat).toBe('JSON');
    expect(() => engine().execute("CREATE STREAM S WITH (KAFKA_TOPIC='s', VALUE_FORMAT='DELIMITED');")).toThrowError(
      'No columns supplied.',
    );
    expect(() =>
      engine().execute(
        "CREATE STREAM S (A INT, B INT) WITH (KAFKA_TOPIC='s', VALUE_FORMAT='JSON', WRAP_SINGLE_VALUE=false);",
      ),
    ).toThrowError("'WRAP_SINGLE_VALUE' is only valid for single-field value schemas");
    const u = engine({ 'ksql.persistence.wrap.single.values': 'false' });
    u.execute("CREATE STREAM S (A INT) WITH (KAFKA_TOPIC='s', VALUE_FORMAT='JSON');");
    expect(u.catalog.get('S')!.wrapSingleValue).toBe(false);
  });
  it('types header columns and keeps them out of inserts', () => {
    expect(() =>
      engine().execute(
        "CREATE STREAM S (K STRING KEY, H INT HEADER('h')) WITH (KAFKA_TOPIC='s', VALUE_FORMAT='JSON');",
      ),
    ).toThrowError("Invalid type for HEADER('h') column: expected BYTES, got INTEGER");
    const e = engine();
    e.execute(
      "CREATE STREAM S (K STRING KEY, H BYTES HEADER('h'), V INT) WITH (KAFKA_TOPIC='s', VALUE_FORMAT='JSON');",
    );
    expect(() => e.execute('INSERT INTO S (H) VALUES (NULL);')).toThrowError('Cannot insert into HEADER columns: H');
  });
  it('needs a key for windowed sources and refuses queries over windowed tables', () => {
    expect(() =>
      engine().execute("CREATE STREAM S (A INT) WITH (KAFKA_TOPIC='s', VALUE_FORMAT='JSON', WINDOW_TYPE='SESSION');"),
    ).toThrowError('Windowed sources require a key column.');
    const e = engine();
    e.execute(
      "CREATE TABLE T (K STRING PRIMARY KEY, A INT) WITH (KAFKA_TOPIC='t', VALUE_FORMAT='JSON', WINDOW_TYPE='SESSION');",
    );
    expect(() => e.execute('CREATE TABLE O AS SELECT * FROM T;')).toThrowError(
      'KSQL does not support persistent queries on windowed tables.',
    );
  });
});

describe('the NONE format', () => {
  it('holds no columns, in ksqlDB words', () => {
    expect(() =>
      engine().execute(
        "CREATE STREAM S (K STRING KEY, A INT) WITH (KAFKA_TOPIC='s', KEY_FORMAT='NONE', VALUE_FORMAT='JSON');",
      ),
    ).toThrowError("The 'NONE' format can only be used when no columns are defined. Got: [`K` STRING KEY]");
    const e = engine();
    e.execute("CREATE STREAM S (A INT, B INT) WITH (KAFKA_TOPIC='s', VALUE_FORMAT='JSON');");
    expect(() => e.execute("CREATE STREAM O WITH (KEY_FORMAT='NONE') AS SELECT * FROM S PARTITION BY B;")).toThrowError(
      "The 'NONE' format can only be used when no columns are defined. Got: [`B` INTEGER KEY]",
    );
    e.execute("CREATE STREAM O2 WITH (KEY_FORMAT='NONE') AS SELECT * FROM S;");
    expect(e.catalog.get('O2')!.keyFormat).toBe('NONE');
  });
  it('gives way to the default key format when a key appears', () => {
    const e = engine({ 'ksql.persistence.default.format.key': 'JSON' });
    e.execute("CREATE STREAM S (A INT, B INT) WITH (KAFKA_TOPIC='s', KEY_FORMAT='NONE', VALUE_FORMAT='JSON');");
    e.execute('CREATE STREAM O AS SELECT * FROM S PARTITION BY B;');
    expect(e.catalog.get('O')!.keyFormat).toBe('JSON');
  });
});

describe('DELIMITED options', () => {
  it('checks the delimiter as ksqlDB does, before the columns', () => {
    expect(() =>
      engine().execute("CREATE STREAM S WITH (KAFKA_TOPIC='s', VALUE_FORMAT='DELIMITED', VALUE_DELIMITER='<~>');"),
    ).toThrowError("Invalid delimiter value: '<~>'. Delimiter must be a single character or TAB,SPACE");
    expect(() =>
      engine().execute("CREATE STREAM S WITH (KAFKA_TOPIC='s', VALUE_FORMAT='DELIMITED', VALUE_DELIMITER=' ');"),
    ).toThrowError('Configuration VALUE_DELIMITER is invalid: Delimiter cannot be empty');
    expect(() =>
      engine().execute("CREATE STREAM S (A INT) WITH (KAFKA_TOPIC='s', VALUE_FORMAT='JSON', VALUE_DELIMITER='|');"),
    ).toThrowError('JSON does not support the following configs: [delimiter]');
    const e = engine();
    e.execute(
      "CREATE STREAM S (A INT, B INT) WITH (KAFKA_TOPIC='s', VALUE_FORMAT='DELIMITED', VALUE_DELIMITER='TAB');",
    );
    expect(e.catalog.get('S')!.valueDelimiter).toBe('\t');
  });
});

describe('Schema Registry settings of a sink', () => {
  it('refuses a schema id for a format without schema inference, and an id the registry lacks', () => {
    const e = engine();
    e.execute("CREATE STREAM S (A INT) WITH (KAFKA_TOPIC='s', VALUE_FORMAT='JSON');");
    expect(() =>
      e.execute("CREATE STREAM T WITH (KAFKA_TOPIC='t', VALUE_FORMAT='JSON', VALUE_SCHEMA_ID=1) AS SELECT * FROM S;"),
    ).toThrowError(
      'VALUE_FORMAT should support schema inference when VALUE_SCHEMA_ID is provided. Current format is JSON.',
    );
    expect(() =>
      e.execute("CREATE STREAM T WITH (KAFKA_TOPIC='t', VALUE_FORMAT='AVRO', VALUE_SCHEMA_ID=99) AS SELECT * FROM S;"),
    ).toThrowError(/Schema Registry has no schema with id 99/);
  });
});
