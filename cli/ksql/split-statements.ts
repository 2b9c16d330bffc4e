// Splits a migration file into statements: `--` and `/* */` comments removed, '…' strings
// ('' escapes) and `…` quoted names kept whole, each `;` ending a statement. Unlike ksql-migrations,
// a `;` inside backticks does not split (its users hit that bug). Each statement keeps the line
// it starts on, so errors can name file:line.
import { ZiemError } from '../../core/errors/ziem-error.js';

export interface SourceStatement {
  text: string;
  line: number;
}

export function splitStatements(text: string, fileName: string): SourceStatement[] {
  const out: SourceStatement[] = [];
  let cur = '';
  let startLine = 0;
  let line = 1;
  const push = (ch: string): void => {
    if (cur.trim() === '' && ch.trim() !== '') startLine = line;
    cur += ch;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    const next = text[i + 1];
    if (ch === '-' && next === '-') {
      while (i < text.length && text[i] !== '\n') i++;
      if (i < text.length) {
        cur += '\n';
        line++;
      }
      continue;
    }
    if (ch === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new ZiemError('MIGRATION_SYNTAX', `${fileName}:${line}: unterminated /* comment`);
      const skipped = text.slice(i, end + 2);
      line += skipped.split('\n').length - 1;
      cur += ' ';
      i = end + 1;
      continue;
    }
    if (ch === "'" || ch === '`') {
      const quoteLine = line;
      push(ch);
      let j = i + 1;
      for (; j < text.length; j++) {
        const c = text[j] as string;
        cur += c;
        if (c === '\n') line++;
        if (c === ch) {
          if (ch === "'" && text[j + 1] === "'") {
            cur += "'";
            j++;
            continue;
          }
          break;
        }
      }
      if (j >= text.length)
        throw new ZiemError(
          'MIGRATION_SYNTAX',
          `${fileName}:${quoteLine}: unterminated ${ch === "'" ? 'string literal' : 'quoted identifier'}`,
        );
      i = j;
      continue;
    }
    if (ch === ';') {
      out.push({ text: cur.trim() + ';', line: startLine });
      cur = '';
      continue;
    }
    if (ch === '\n') line++;
    push(ch);
  }
  if (cur.trim() !== '')
    throw new ZiemError(
      'MIGRATION_SYNTAX',
      `${fileName}:${startLine}: Unmatched command at end of file; missing semicolon`,
    );
  return out;
}
