// `--older-than` values: a whole number with a unit (ms, s, m, h, d), e.g. 24h, 90m, 7d.
import { UsageError } from '../../../core/errors/ziem-error.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseRetention(text: string, flag: string): number {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(text.trim());
  if (!m) throw new UsageError(`${flag} ${text}: expected a duration like 24h, 90m or 7d`);
  const ms = Number(m[1]) * UNIT_MS[m[2]!]!;
  if (ms < 1) throw new UsageError(`${flag} ${text}: must be more than 0`);
  return ms;
}
