// The ksql/ files as files: ksql-migrations naming, every statement parses with its DEFINEs (the
// model file too, though the engine cannot run ANOMALY_SCORE yet), and the `ziem ksql test`
// fixture for FLOWS is exactly the first two migrations and passes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverMigrations } from '../../../cli/ksql/migration-files.js';
import { makeContext } from '../../../cli/context.js';
import { loadConfig } from '../../../cli/config/config.js';
import { parseStatements } from '../../../engine/syntax/index.js';
import { runKsqlTest } from '../../../cli/ksql-engine/ksql-test.js';
import { KSQL_DIR, MODEL_FILE } from '../../fixtures/pipeline/pipeline-engine.js';

const FIXTURE = join(import.meta.dirname, '../../fixtures/pipeline/ksql-test');

describe('ksql/ migrations', () => {
  const { files, skipped } = discoverMigrations(KSQL_DIR);

  const modelFile = files.find((f) => MODEL_FILE.test(f.fileName))!;

  it('are versioned 1..n with the model file last (an engine without its functions applies every rule)', () => {
    expect(skipped).toEqual([]);
    expect(files.map((f) => f.version)).toEqual(files.map((_, i) => i + 1));
    expect(modelFile).toBe(files.at(-1));
  });

  it('parse statement by statement, every ${variable} defined in its own file', () => {
    for (const f of files) {
      const statements = parseStatements(f.text);
      expect(
        statements.some((s) => s.kind === 'QueryStatement'),
        f.fileName,
      ).toBe(false);
    }
    const model = parseStatements(modelFile.text);
    expect(model.map((s) => s.kind)).toEqual([
      'DefineVariable',
      'DefineVariable',
      'DefineVariable',
      'DefineVariable',
      'CreateAsSelect',
      'InsertInto',
      'InsertInto',
    ]);
    expect(model[5]!.text).toContain('WHERE SCORE > 1.0 AND PACKETS >= 500 AND ANSWER_RATIO < 0.5');
    expect(model[6]!.text).toContain(
      "WHERE CLASS->LABEL <> 'normal' AND CLASS->PROBABILITY >= 0.9\n  AND ANSWER_RATIO < 0.5",
    );
  });

  it('use only the default topics the connectors read', () => {
    const all = files.map((f) => f.text).join('\n');
    for (const t of ['FLOWS', 'ALERTS']) expect(all).toContain(`KAFKA_TOPIC='${t}'`);
  });
});

describe('`ziem ksql test` fixture for FLOWS', () => {
  it('is V000001 + V000002 verbatim', () => {
    const sql = ['V000001__Packets.sql', 'V000002__Flows.sql']
      .map((f) => readFileSync(join(KSQL_DIR, f), 'utf8'))
      .join('\n');
    expect(readFileSync(join(FIXTURE, 'flows.sql'), 'utf8')).toBe(sql);
  });

  it('passes', () => {
    let out = '';
    const config = loadConfig({ env: {}, cwd: FIXTURE, flags: {} });
    const ctx = makeContext({
      config,
      env: {},
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: () => undefined },
    });
    runKsqlTest(ctx, {
      statements: join(FIXTURE, 'flows.sql'),
      input: join(FIXTURE, 'flows.input.json'),
      output: join(FIXTURE, 'flows.output.json'),
    });
    expect(out).toContain('Test passed');
  });
});
