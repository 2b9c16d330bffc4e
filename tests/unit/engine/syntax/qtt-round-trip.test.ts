// Every statement in ksqlDB's own QTT files (read in place from ../shared/ksql-qtt) parses and
// round-trips through the printer; cases expecting a parse failure fail with ksqlDB's wording.
// The cases listed in qtt-parse-expected-failures.ts are asserted to fail still, with their reason.
import { describe, expect, test } from 'vitest';
import { ParseError, parseStatements } from '../../../../engine/syntax/index.js';
import { loadQttStatements, qttAvailable, type QttStatements } from './qtt-cases.js';
import { expectStatementsRoundTrip } from './round-trip.js';
import { EXPECTED_PARSE_FAILURES } from './qtt-parse-expected-failures.js';

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

  /** Throws when the case's statements do not parse and print as ksqlDB's grammar would have them. */
  function checkCase(c: QttStatements): void {
    const expectsParseFailure =
      c.expected?.type.endsWith('ParseFailedException') && !isPropertyCheck(c.expected.message);
    if (!expectsParseFailure) {
      expectStatementsRoundTrip(c.sql);
      return;
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

  for (const [file, fileCases] of byFile) {
    test(file, () => {
      for (const c of fileCases) {
        const reason = EXPECTED_PARSE_FAILURES[`${file}/${c.name}`];
        if (reason === undefined) checkCase(c);
        else expect(() => checkCase(c), `${c.name} is listed as failing (${reason}) but passes`).toThrow();
      }
    });
  }

  test('every listed expected failure names a case of the corpus', () => {
    const names = new Set(cases.map((c) => `${c.file}/${c.name}`));
    const stale = Object.keys(EXPECTED_PARSE_FAILURES).filter((k) => !names.has(k));
    expect(stale).toEqual([]);
    process.stdout.write(`qtt round trip: ${Object.keys(EXPECTED_PARSE_FAILURES).length} expected failures listed\n`);
  });
});
