// How far a failed migration got, so that a retry after a fix resumes instead of failing on
// "already exists": the ERROR row's reason ends with the number of statements sent before the
// failed one and a digest of their texts. A retry skips those statements when the fixed file
// still starts with the same ones (same texts after variable substitution); otherwise it runs the
// whole file again, as ksql-migrations does.
import { createHash } from 'node:crypto';
import type { PreparedStatement } from './prepare-file.js';

/** Statements that go to the server (SET/UNSET/DEFINE stay client-side and are always replayed). */
export function isSent(p: PreparedStatement): boolean {
  return p.route.kind === 'ksql' || p.route.kind === 'insert-values';
}

function digest(texts: readonly string[]): string {
  const h = createHash('sha256');
  for (const t of texts) h.update(t).update('\u0000');
  return h.digest('hex').slice(0, 16);
}

const NOTE = / \[ziem progress: (\d+) statements? done, ([0-9a-f]{16})\]$/;

/** The suffix recorded in ERROR_REASON after `done` sent statements succeeded. */
export function progressNote(done: readonly PreparedStatement[]): string {
  const texts = done.filter(isSent).map((p) => p.text);
  return ` [ziem progress: ${texts.length} statement${texts.length === 1 ? '' : 's'} done, ${digest(texts)}]`;
}

/** How many sent statements of `prepared` an earlier failed attempt (its ERROR reason) already ran:
 *  0 unless the file still starts with exactly those statements. Pure. */
export function alreadyDone(prepared: readonly PreparedStatement[], errorReason: string | undefined): number {
  const m = errorReason === undefined ? null : NOTE.exec(errorReason);
  if (!m) return 0;
  const n = Number(m[1]);
  const texts = prepared
    .filter(isSent)
    .slice(0, n)
    .map((p) => p.text);
  return texts.length === n && digest(texts) === m[2] ? n : 0;
}
