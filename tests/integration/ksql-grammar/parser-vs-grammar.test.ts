// The engine's parser against ksqlDB's own grammar (../shared/tools/ksql-grammar/check) over every
// distinct statement of the QTT corpus: each statement one of them reads and the other does not
// is a divergence. The expected ones are listed with their reason (expected-divergences.ts) and
// asserted, so a new divergence fails the test and a fixed one must leave the list.
import { describe, expect, test } from 'vitest';
import { existsSync } from 'node:fs';
import { qttAvailable } from '../../unit/engine/syntax/qtt-cases.js';
import { corpusStatements, engineRejects } from './corpus-statements.js';
import { GRAMMAR_CHECK, grammarVerdicts } from './run-grammar-check.js';
import { EXPECTED_DIVERGENCES } from './expected-divergences.js';

const available = qttAvailable() && existsSync(GRAMMAR_CHECK);

describe.skipIf(!available)('engine parser vs ksqlDB grammar', () => {
  test('every divergence over the corpus is listed with its reason', () => {
    const statements = corpusStatements();
    expect(statements.length).toBeGreaterThan(2000);
    const grammar = grammarVerdicts(statements.map((s) => s.text));
    // the check must be able to fail: the corpus holds statements ksqlDB's parser rejects
    const rejected = statements.filter((_, i) => grammar[i] !== undefined).map((s) => s.text);
    expect(rejected).toContain('ASSERT VALUES foo (id INT) VALUES (123);');
    expect(rejected).toContain("RUN SCRIPT 'foo';");
    const found: Record<string, { origin: string; engine: string; grammar: string }> = {};
    statements.forEach((s, i) => {
      const engine = engineRejects(s.text);
      if ((engine === undefined) !== (grammar[i] === undefined))
        found[s.text] = { origin: s.origin, engine: engine ?? 'reads it', grammar: grammar[i] ?? 'reads it' };
    });
    const report = Object.entries(found)
      .map(([text, d]) => `${d.origin}\n  ${text}\n  engine: ${d.engine}\n  grammar: ${d.grammar}`)
      .join('\n');
    process.stdout.write(
      `parser vs grammar: ${statements.length} statements, ${rejected.length} rejected by ksqlDB's grammar, ` +
        `${Object.keys(found).length} divergences\n${report}\n`,
    );
    expect(Object.keys(found).sort()).toEqual(Object.keys(EXPECTED_DIVERGENCES).sort());
  });
});
