// Reads the statements of ksqlDB's QTT files in place (../shared/ksql-qtt), expanding
// `{FORMAT}` the way the QTT runner does, for the syntax round-trip tests. Read-only.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const QTT_DIR = resolve(import.meta.dirname, '../../../../../shared/ksql-qtt');

export interface QttStatements {
  file: string;
  name: string;
  sql: string;
  /** The same statements one by one, as the case lists them. */
  statements: string[];
  /** The expected exception, when the case expects the statements to fail. */
  expected?: { type: string; message?: string };
}

/** Drops `//` line comments outside JSON strings (the QTT files are JSONC). */
export function stripLineComments(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (inString) {
      out += ch;
      if (ch === '\\') out += text[++i] ?? '';
      else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
      out += ch;
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else {
      out += ch;
    }
  }
  return out;
}

interface RawCase {
  name: string;
  statements?: string[];
  format?: string[];
  config?: string[];
  enabled?: boolean;
  expectedException?: { type: string; message?: string };
}

export function qttAvailable(): boolean {
  return existsSync(QTT_DIR);
}

/** One entry per case and format; statements joined with '\n' as ksqlDB's runner does. */
export function loadQttStatements(): QttStatements[] {
  const result: QttStatements[] = [];
  for (const file of readdirSync(QTT_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const doc = JSON.parse(stripLineComments(readFileSync(join(QTT_DIR, file), 'utf8'))) as { tests: RawCase[] };
    for (const c of doc.tests) {
      if (c.enabled === false || !c.statements) continue;
      for (const format of c.format ?? ['JSON']) {
        for (const config of c.config ?? ['']) {
          const statements = c.statements.map((x) => x.replaceAll('{FORMAT}', format).replaceAll('{CONFIG}', config));
          result.push({
            file,
            name: `${c.name} - ${format}`,
            sql: statements.join('\n'),
            statements,
            ...(c.expectedException ? { expected: c.expectedException } : {}),
          });
        }
      }
    }
  }
  return result;
}
