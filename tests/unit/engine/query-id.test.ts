// Persistent query ids as ksqlDB gives them: CSAS_<SINK>_<n> / CTAS_<SINK>_<n> / INSERTQUERY_<n>, n
// from a counter in the in-memory engine or from the command's offset on a server with a command
// topic; WITH (QUERY_ID='…') upper-cased, checked for reserved prefixes, characters and duplicates.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../engine/runtime/engine.js';
import { MemoryDriver } from '../../../engine/runtime/memory-driver.js';
import { PlanError } from '../../../engine/errors.js';
import { CommandTopic } from '../../../engine/server/command-topic.js';

const SRC = "CREATE STREAM P (ID INT KEY, SRC STRING) WITH (KAFKA_TOPIC='p', VALUE_FORMAT='JSON', PARTITIONS=1);";
const OUT = "CREATE STREAM OUT (ID INT KEY, SRC STRING) WITH (KAFKA_TOPIC='out', VALUE_FORMAT='JSON', PARTITIONS=1);";

function engine(): Engine {
  return new Engine({ driver: new MemoryDriver() });
}

const ids = (e: Engine, sql: string): Array<string | undefined> =>
  e
    .execute(sql)
    .map((r) => r.queryId)
    .filter((x) => x !== undefined);

describe('generated query ids', () => {
  it('number CSAS, CTAS and INSERT INTO queries from a counter in the in-memory engine', () => {
    const e = engine();
    expect(
      ids(
        e,
        `${SRC} ${OUT}
      CREATE STREAM UP AS SELECT ID, UCASE(SRC) AS SRC FROM P;
      CREATE TABLE PER_SRC AS SELECT SRC, COUNT(*) AS N FROM P GROUP BY SRC;
      INSERT INTO OUT SELECT ID, SRC FROM P;`,
      ),
    ).toEqual(['CSAS_UP_0', 'CTAS_PER_SRC_1', 'INSERTQUERY_2']);
    expect([...e.queries.keys()]).toEqual(['CSAS_UP_0', 'CTAS_PER_SRC_1', 'INSERTQUERY_2']);
  });

  it("take the number from the command's offset when the server sets one", () => {
    const e = engine();
    e.execute(SRC);
    e.commandOffset = 7;
    expect(ids(e, 'CREATE STREAM UP AS SELECT ID, SRC FROM P;')).toEqual(['CSAS_UP_7']);
    e.commandOffset = 12;
    expect(ids(e, `${OUT} INSERT INTO OUT SELECT ID, SRC FROM P;`)).toEqual(['INSERTQUERY_12']);
  });

  it('keep the id of the query a CREATE OR REPLACE supersedes', () => {
    const e = engine();
    e.execute(`${SRC} CREATE STREAM UP AS SELECT ID, SRC FROM P;`);
    e.commandOffset = 5;
    expect(ids(e, 'CREATE OR REPLACE STREAM UP AS SELECT ID, UCASE(SRC) AS SRC FROM P;')).toEqual(['CSAS_UP_0']);
    expect([...e.queries.keys()]).toEqual(['CSAS_UP_0']);
  });
});

describe('WITH (QUERY_ID=...)', () => {
  it('names a CSAS, CTAS or INSERT INTO query, upper-cased', () => {
    const e = engine();
    expect(
      ids(
        e,
        `${SRC} ${OUT}
      CREATE STREAM UP WITH (QUERY_ID='up_query') AS SELECT ID, SRC FROM P;
      CREATE TABLE T WITH (QUERY_ID='Counts') AS SELECT SRC, COUNT(*) AS N FROM P GROUP BY SRC;
      INSERT INTO OUT WITH (QUERY_ID='copy_p') SELECT ID, SRC FROM P;`,
      ),
    ).toEqual(['UP_QUERY', 'COUNTS', 'COPY_P']);
    expect(e.catalog.get('UP')?.writerQueryId).toBe('UP_QUERY');
    // a later query without one still gets a generated id
    expect(ids(e, 'CREATE STREAM UP2 AS SELECT ID, SRC FROM P;')).toEqual(['CSAS_UP2_0']);
  });

  it('rejects an id that is already running, naming it', () => {
    const e = engine();
    e.execute(`${SRC} ${OUT} CREATE STREAM UP WITH (QUERY_ID='q1') AS SELECT ID, SRC FROM P;`);
    expect(() => e.execute("INSERT INTO OUT WITH (QUERY_ID='Q1') SELECT ID, SRC FROM P;")).toThrow(
      new PlanError("Query ID 'Q1' already exists."),
    );
    expect(e.queries.size).toBe(1);
  });

  it("rejects ksqlDB's reserved prefixes and characters outside [A-Za-z0-9_]", () => {
    const e = engine();
    e.execute(`${SRC} ${OUT}`);
    expect(() => e.execute("INSERT INTO OUT WITH (QUERY_ID='csas_mine') SELECT ID, SRC FROM P;")).toThrow(
      "Query IDs must not start with a reserved query ID prefix (INSERTQUERY_, CTAS_, CSAS_, CST_). Got 'CSAS_MINE'.",
    );
    expect(() => e.execute("INSERT INTO OUT WITH (QUERY_ID='my-query') SELECT ID, SRC FROM P;")).toThrow(
      "Query IDs may contain only alphanumeric characters and '_'. Got: 'my-query'",
    );
    expect(e.queries.size).toBe(0);
  });

  it('lets CREATE OR REPLACE keep its own id', () => {
    const e = engine();
    e.execute(`${SRC} CREATE STREAM UP WITH (QUERY_ID='up_q') AS SELECT ID, SRC FROM P;`);
    expect(
      ids(e, "CREATE OR REPLACE STREAM UP WITH (QUERY_ID='up_q') AS SELECT ID, UCASE(SRC) AS SRC FROM P;"),
    ).toEqual(['UP_Q']);
  });
});

describe('command topic offsets', () => {
  it('gives the next append the offset after the last command read back', async () => {
    const driver = new MemoryDriver();
    const t = new CommandTopic(driver, '_cmds');
    await t.ensure();
    expect(() => t.nextOffset).toThrow(/was not read yet/);
    const cmd = { statement: SRC, streamsProperties: {}, sessionVariables: {} };
    await t.append(cmd);
    expect(t.nextOffset).toBe(1);
    await t.append(cmd);
    const again = new CommandTopic(driver, '_cmds');
    expect((await again.load()).map((c) => c.offset)).toEqual([0, 1]);
    expect(again.nextOffset).toBe(2);
  });
});
