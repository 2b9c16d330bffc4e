import { describe, expect, it } from 'vitest';
import { prepareFile } from '../../../cli/ksql/prepare-file.js';
import type { MigrationFile } from '../../../cli/ksql/migration-files.js';

const file = (text: string): MigrationFile => ({
  version: 3,
  name: 'Flows',
  fileName: 'V000003__Flows.sql',
  path: '/x',
  checksum: 'c',
  text,
});

describe('preparing a migration file', () => {
  it('routes each statement as ksql-migrations does and substitutes variables', () => {
    const prepared = prepareFile(
      file(
        [
          "DEFINE topic = 'flows';",
          "SET 'auto.offset.reset' = 'earliest';",
          "CREATE STREAM F (SRC STRING KEY, N INT) WITH (KAFKA_TOPIC='${topic}', VALUE_FORMAT='JSON', PARTITIONS=1);",
          "INSERT INTO F (SRC, N) VALUES ('10.0.0.1', -5);",
          "UNSET 'auto.offset.reset';",
        ].join('\n'),
      ),
      'ksql/V000003__Flows.sql',
      { unused: 'x' },
    );
    expect(prepared.map((p) => [p.where, p.route.kind])).toEqual([
      ['ksql/V000003__Flows.sql:1', 'variable'],
      ['ksql/V000003__Flows.sql:2', 'set'],
      ['ksql/V000003__Flows.sql:3', 'ksql'],
      ['ksql/V000003__Flows.sql:4', 'insert-values'],
      ['ksql/V000003__Flows.sql:5', 'unset'],
    ]);
    expect(prepared[2]!.text).toContain("KAFKA_TOPIC='flows'");
    expect(prepared[3]!.route).toEqual({
      kind: 'insert-values',
      target: 'F',
      columns: ['SRC', 'N'],
      values: ['10.0.0.1', -5],
    });
  });

  it('applies --define values like a DEFINE at the top of the file', () => {
    const [p] = prepareFile(file("CREATE STREAM S (A INT) WITH (KAFKA_TOPIC='${t}', VALUE_FORMAT='JSON');"), 'f.sql', {
      t: 'from_cli',
    });
    expect(p!.text).toContain("KAFKA_TOPIC='from_cli'");
  });

  it('refuses SELECT and names file:line', () => {
    expect(() =>
      prepareFile(
        file("CREATE STREAM S (A INT) WITH (KAFKA_TOPIC='t', VALUE_FORMAT='JSON');\nSELECT * FROM S;"),
        'ksql/V000003__Flows.sql',
        {},
      ),
    ).toThrow("ksql/V000003__Flows.sql:2: 'SELECT' statements are not supported in migrations.");
  });

  it('reports a syntax error with file:line:column before anything runs', () => {
    expect(() =>
      prepareFile(
        file("CREATE STREAM OK (A INT) WITH (KAFKA_TOPIC='t', VALUE_FORMAT='JSON');\n\nCREATE STREAMX BAD;"),
        'ksql/V000003__Flows.sql',
        {},
      ),
    ).toThrow(/^ksql\/V000003__Flows\.sql:3:\d+: /);
  });

  it('refuses INSERT VALUES with a non-literal expression', () => {
    expect(() => prepareFile(file('INSERT INTO F (N) VALUES (1 + 2);'), 'f.sql', {})).toThrow(
      'f.sql:1: only literal values are supported in INSERT … VALUES, got (1 + 2)',
    );
  });
});

describe('--define overrides', () => {
  it("win over the file's own DEFINE of the same name, which stays the default otherwise", () => {
    const text = "DEFINE min_ports = '100';\nCREATE STREAM S AS SELECT * FROM P WHERE N > ${min_ports} EMIT CHANGES;";
    expect(prepareFile(file(text), 'f.sql', { min_ports: '7' })[1]!.text).toContain('N > 7');
    expect(prepareFile(file(text), 'f.sql', {})[1]!.text).toContain('N > 100');
  });
});
