// Runs ../shared/tools/ksql-grammar/check (ksqlDB's own ANTLR grammar, built on first use) over
// statements, one file each in a temporary folder, in one JVM; returns each statement's first
// syntax error, or undefined when ksqlDB's grammar reads it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const GRAMMAR_CHECK = resolve(import.meta.dirname, '../../../../shared/tools/ksql-grammar/check');

export function grammarVerdicts(texts: readonly string[]): Array<string | undefined> {
  const dir = mkdtempSync(join(tmpdir(), 'ziem-grammar-'));
  try {
    const files = texts.map((t, i) => {
      const f = join(dir, `${i}.sql`);
      writeFileSync(f, t.endsWith(';') ? t : `${t};`);
      return f;
    });
    const r = spawnSync(GRAMMAR_CHECK, files, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (r.error) throw r.error;
    const first = new Map<string, string>();
    const ok = new Set<string>();
    for (const line of r.stdout.split('\n')) {
      const m = /^(.*?\.sql)(?::(\d+:\d+): (.*)|: ok)$/.exec(line);
      if (!m) continue;
      if (m[3] === undefined) ok.add(m[1]!);
      else if (!first.has(m[1]!)) first.set(m[1]!, `${m[2]}: ${m[3]}`);
    }
    return files.map((f) => {
      if (ok.has(f)) return undefined;
      const err = first.get(f);
      if (err === undefined) throw new Error(`ksql-grammar check gave no verdict for ${f}:\n${r.stderr}`);
      return err;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
