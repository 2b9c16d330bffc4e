// `ziem ksql test` through its run(): a matching run prints "Test passed!", a mismatch prints a
// diff and throws (exit 1), a syntax error names the statements file, line and column.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runKsqlTest, KsqlTestFailedError } from '../../../cli/ksql-engine/ksql-test.js';
import { runQtt } from '../../../cli/ksql-engine/qtt-command.js';
import { passRate } from '../../../engine/qtt/run-suite.js';

const DIR = fileURLToPath(new URL('../../fixtures/engine/ksql-test/', import.meta.url));

function io(json = false): { out: string[]; ctx: Parameters<typeof runKsqlTest>[0] } {
  const out: string[] = [];
  const w = { write: (s: string) => out.push(s) };
  return {
    out,
    ctx: {
      stdout: w,
      stderr: w,
      json,
      secrets: [],
      log: { info: () => undefined, debug: () => undefined, warn: () => undefined },
    },
  };
}

describe('ziem ksql test', () => {
  it('passes the tshark fixture', () => {
    const t = io();
    runKsqlTest(t.ctx, {
      statements: join(DIR, 'flows.sql'),
      input: join(DIR, 'input.json'),
      output: join(DIR, 'output.json'),
    });
    expect(t.out.join('')).toContain('Test passed!');
  });
  it('prints a diff and fails on a mismatch', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'ziem-ksql-test-'));
    try {
      writeFileSync(
        join(tmp, 'out.json'),
        JSON.stringify({ outputs: [{ topic: 'PACKETS', value: { SRC: 'x', DST: 'y', DPORT: 1 } }] }),
      );
      const t = io(true);
      expect(() =>
        runKsqlTest(t.ctx, {
          statements: join(DIR, 'flows.sql'),
          input: join(DIR, 'input.json'),
          output: join(tmp, 'out.json'),
        }),
      ).toThrowError(KsqlTestFailedError);
      const doc = JSON.parse(t.out.join('')) as { passed: boolean; problems: string[] };
      expect(doc.passed).toBe(false);
      expect(doc.problems.join('\n')).toContain('PACKETS: expected 1 records, got 3');
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
  it('names the file, line and column of a syntax error', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'ziem-ksql-test-'));
    try {
      writeFileSync(
        join(tmp, 'bad.sql'),
        "CREATE STREAM A (X INT) WITH (KAFKA_TOPIC='a', VALUE_FORMAT='JSON');\nCREATE STREAM B AS SELEC X FROM A;\n",
      );
      const t = io();
      expect(() =>
        runKsqlTest(t.ctx, {
          statements: join(tmp, 'bad.sql'),
          input: join(DIR, 'input.json'),
          output: join(DIR, 'output.json'),
        }),
      ).toThrowError(/bad\.sql:2:\d+: /);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
  it('rejects an input file without an inputs array', () => {
    const t = io();
    expect(() =>
      runKsqlTest(t.ctx, {
        statements: join(DIR, 'flows.sql'),
        input: join(DIR, 'output.json'),
        output: join(DIR, 'output.json'),
      }),
    ).toThrowError(/expected a JSON object with an "inputs" array/);
  });
});

describe('ziem ksql qtt', () => {
  it('prints per-file and total counts as JSON', () => {
    const t = io(true);
    runQtt(t.ctx, {
      paths: [fileURLToPath(new URL('../../fixtures/engine/qtt/', import.meta.url))],
      minPassRate: 100,
      verbose: false,
    });
    const doc = JSON.parse(t.out.join('')) as {
      passed: number;
      failed: number;
      unsupported: number;
      files: Record<string, unknown>;
    };
    expect([doc.passed, doc.failed, doc.unsupported]).toEqual([4, 0, 1]);
    expect(Object.keys(doc.files)).toHaveLength(1);
  });
  it('computes the pass rate over supported cases only', () => {
    expect(passRate({ passed: 9, failed: 1 })).toBe(90);
    expect(passRate({ passed: 0, failed: 0 })).toBe(100);
  });
});
