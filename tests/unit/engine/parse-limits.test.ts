// The parser's limits: `${var}` substitution within a budget shared by a text's statements (the
// DEFINE bomb is refused before it is built), and expression depth bounded both while parsing
// (parentheses) and after (a chain of ORs read in a loop), each a ParseError naming its setting.
import { describe, expect, it } from 'vitest';
import { ParseError, parseStatements } from '../../../engine/syntax/index.js';

const bomb = (levels: number): string => {
  let text = `DEFINE a0='${'x'.repeat(50)}';\n`;
  for (let i = 1; i <= levels; i++) text += `DEFINE a${i}='${`\${a${i - 1}}`.repeat(10)}';\n`;
  return text;
};

describe('variable expansion budget', () => {
  it('refuses the DEFINE bomb once the expansion passes the budget', () => {
    expect(() => parseStatements(bomb(8), { maxExpansionBytes: 1024 * 1024 })).toThrow(
      /ksql\.variable\.expansion\.max\.bytes/,
    );
    expect(() => parseStatements(bomb(8), { maxExpansionBytes: 1024 * 1024 })).toThrow(ParseError);
  });

  it('allows expansions inside the budget, and none is unbounded without one', () => {
    expect(parseStatements(bomb(3), { maxExpansionBytes: 1024 * 1024 })).toHaveLength(4);
    expect(() => parseStatements(bomb(3), { maxExpansionBytes: 10_000 })).toThrow(/expansion/);
    const r = parseStatements("DEFINE t='x'; SELECT * FROM ${t};", { maxExpansionBytes: 0 });
    expect(r).toHaveLength(2);
  });
});

describe('expression depth', () => {
  it('refuses nested parentheses and chained ORs deeper than the limit', () => {
    const parens = `SELECT ${'('.repeat(300)}A${')'.repeat(300)} FROM S;`;
    expect(() => parseStatements(parens)).toThrow(/nested deeper than 256 levels/);
    const ors = `SELECT * FROM S WHERE ${Array.from({ length: 8000 }, (_, i) => `A = ${i}`).join(' OR ')};`;
    expect(() => parseStatements(ors)).toThrow(/ksql\.expression\.max\.depth/);
  });

  it('accepts expressions inside the limit and honours a lower one', () => {
    const parens = `SELECT ${'('.repeat(100)}A${')'.repeat(100)} FROM S;`;
    expect(parseStatements(parens)).toHaveLength(1);
    expect(() => parseStatements(parens, { maxExpressionDepth: 50 })).toThrow(/deeper than 50/);
  });
});
