// The lexer: token kinds, case rules, numbers versus digit-led names, comments and the line and
// column bookkeeping every error message depends on.
import { describe, expect, test } from 'vitest';
import { lex } from '../../../../engine/syntax/lexer.js';

const kinds = (text: string): string[] => lex(text).map((t) => `${t.type}:${t.value}`);

describe('lex', () => {
  test('words are upper-cased, quoted names and strings keep their text', () => {
    expect(kinds("select `MiXed` \"dq\" 'it''s'")).toEqual([
      'IDENT:SELECT',
      'QUOTED_IDENT:MiXed',
      'QUOTED_IDENT:dq',
      "STRING:it's",
      'EOF:',
    ]);
  });

  test('numbers: integers, decimals, exponents, and names that start with a digit', () => {
    expect(kinds('1 1.5 .5 5. 1e3 2.5E-2 1abc')).toEqual([
      'INTEGER:1',
      'DECIMAL:1.5',
      'DECIMAL:.5',
      'DECIMAL:5.',
      'FLOAT:1e3',
      'FLOAT:2.5E-2',
      'IDENT:1ABC',
      'EOF:',
    ]);
  });

  test('operators take the longest match', () => {
    expect(kinds('a->b <= c <> d != e || f := g => h >= i')).toEqual([
      'IDENT:A',
      'OP:->',
      'IDENT:B',
      'OP:<=',
      'IDENT:C',
      'OP:<>',
      'IDENT:D',
      'OP:!=',
      'IDENT:E',
      'OP:||',
      'IDENT:F',
      'OP::=',
      'IDENT:G',
      'OP:=>',
      'IDENT:H',
      'OP:>=',
      'IDENT:I',
      'EOF:',
    ]);
    // Nested generics close with two separate tokens.
    expect(kinds('ARRAY<ARRAY<INT>>').slice(-3)).toEqual(['OP:>', 'OP:>', 'EOF:']);
  });

  test('comments are skipped and line/column keep counting', () => {
    const tokens = lex('-- one\n/* two\n three */ a -- tail\n  b');
    expect(tokens.map((t) => [t.value, t.line, t.column])).toEqual([
      ['A', 3, 11],
      ['B', 4, 3],
      ['', 4, 4],
    ]);
  });

  test('variables are their own tokens', () => {
    expect(kinds('${topic_1}')).toEqual(['VARIABLE:topic_1', 'EOF:']);
  });

  test('a start position shifts every token', () => {
    const [t] = lex('x', { line: 7, column: 5 });
    expect([t?.line, t?.column]).toEqual([7, 5]);
  });

  test('bad input is a ParseError at the offending character', () => {
    expect(() => lex('a\n  ?')).toThrow(/^line 2:3: Syntax Error/);
    expect(() => lex("'open")).toThrow(/^line 1:1: Syntax Error/);
    expect(() => lex('${bad name}')).toThrow(/^line 1:1: Syntax Error/);
  });
});
