// Every statement in ksqlDB's own QTT files (read in place from ../shared/ksql-qtt) parses and
// round-trips through the printer; cases expecting a parse failure fail with ksqlDB's wording.
import { describe, expect, test } from 'vitest';
import { ParseError, parseStatements } from '../../../../engine/syntax/index.js';
import { loadQttStatements, qttAvailable, type QttStatements } from './qtt-cases.js';
import { expectStatementsRoundTrip } from './round-trip.js';

const cases = qttAvailable() ? loadQttStatements() : [];
const byFile = new Map<string, QttStatements[]>();
for (const c of cases) byFile.set(c.file, [...(byFile.get(c.file) ?? []), c]);

/** ksqlDB raises these while building the AST from WITH properties; here the planner checks them. */
const isPropertyCheck = (message: string | undefined): boolean => !!message && !message.includes('Syntax');

describe.skipIf(!qttAvailable())('QTT statements', () => {
  test('the shared folder holds the expected selection', () => {
    expect(byFile.size).toBeGreaterThan(30);
    expect(cases.length).toBeGreaterThan(600);
  });

  for (const [file, fileCases] of byFile) {
    test(file, () => {
      for (const c of fileCases) {
        const expectsParseFailure = c.expected?.type.endsWith('ParseFailedException') &&
          !isPropertyCheck(c.expected.message);
        if (!expectsParseFailure) {
          expectStatementsRoundTrip(c.sql);
          continue;
        }
        let error: unknown;
        try {
          parseStatements(c.sql);
        } catch (e) {
          error = e;
        }
        expect(error, c.name).toBeInstanceOf(ParseError);
        expect((error as ParseError).message, c.name).toContain(c.expected?.message ?? '');
      }
    });
  }
});
