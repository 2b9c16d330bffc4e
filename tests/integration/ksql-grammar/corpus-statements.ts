// Every distinct statement of ksqlDB's QTT corpus (../shared/ksql-qtt, read in place), with
// `{FORMAT}` and `{CONFIG}` expanded as the QTT runner expands them, and the engine's verdict on
// each: does its parser read it. The grammar-divergence test sets these beside ksqlDB's grammar.
import { ParseError, parseStatements } from '../../../engine/syntax/index.js';
import { loadQttStatements } from '../../unit/engine/syntax/qtt-cases.js';

export interface CorpusStatement {
  text: string;
  /** The first case using it, for the report. */
  origin: string;
}

export function corpusStatements(): CorpusStatement[] {
  const seen = new Map<string, CorpusStatement>();
  for (const c of loadQttStatements())
    for (const text of c.statements.map((x) => x.trim()))
      if (!seen.has(text)) seen.set(text, { text, origin: `${c.file}/${c.name}` });
  return [...seen.values()];
}

/** Undefined when the engine's parser reads the statement, else its first message line. */
export function engineRejects(text: string): string | undefined {
  try {
    parseStatements(text);
    return undefined;
  } catch (err) {
    if (err instanceof ParseError) return err.message.split('\n')[0];
    return `${(err as Error).name}: ${(err as Error).message.split('\n')[0]}`;
  }
}
