// ksqlDB's rewrite of a WHERE clause before it is typed: a STRING literal compared with ROWTIME,
// WINDOWSTART or WINDOWEND (`ROWTIME > '2018-01-01T00:00:00.001'`, `WINDOWSTART BETWEEN '…' AND
// '…'`) is read as a timestamp, `yyyy-MM-dd'T'HH:mm:ss.SSS` with any trailing part left out and
// an optional zone (`Z`, `+0445`, `+04:45`; UTC without one), and becomes its epoch millis.
import { PlanError } from '../errors.js';
import type { Expression } from '../syntax/index.js';

const PSEUDO = new Set(['ROWTIME', 'WINDOWSTART', 'WINDOWEND']);
const TEXT =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Epoch millis of a timestamp text as ksqlDB reads one in these comparisons. */
export function pseudoTimestampMillis(text: string): number {
  const m = TEXT.exec(text.trim());
  if (!m) throw new PlanError(`Failed to parse timestamp '${text}' with formatter 'yyyy-MM-dd'T'HH:mm:ss.SSS'`);
  const n = (i: number, d: number): number => (m[i] === undefined ? d : Number(m[i]));
  const ms = Date.UTC(n(1, 0), n(2, 1) - 1, n(3, 1), n(4, 0), n(5, 0), n(6, 0), Number((m[7] ?? '0').padEnd(3, '0')));
  const zone = m[8];
  if (zone === undefined || zone === 'Z') return ms;
  const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
  const offset = (Number(z[2]) * 60 + Number(z[3])) * 60_000;
  return z[1] === '+' ? ms - offset : ms + offset;
}

function isPseudo(e: Expression): boolean {
  return e.kind === 'ColumnRef' && PSEUDO.has(e.name.toUpperCase());
}

function millis(e: Expression): Expression {
  return e.kind === 'StringLiteral' ? { kind: 'BigIntLiteral', value: String(pseudoTimestampMillis(e.value)) } : e;
}

/** The WHERE clause with every such string literal replaced by its millis. */
export function rewritePseudoTimestamps(e: Expression): Expression {
  switch (e.kind) {
    case 'LogicalBinary':
      return { ...e, left: rewritePseudoTimestamps(e.left), right: rewritePseudoTimestamps(e.right) };
    case 'Not':
      return { ...e, operand: rewritePseudoTimestamps(e.operand) };
    case 'Comparison':
      if (isPseudo(e.left)) return { ...e, right: millis(e.right) };
      if (isPseudo(e.right)) return { ...e, left: millis(e.left) };
      return e;
    case 'Between':
      return isPseudo(e.value) ? { ...e, low: millis(e.low), high: millis(e.high) } : e;
    default:
      return e;
  }
}
