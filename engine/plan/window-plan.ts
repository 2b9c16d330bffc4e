// The WINDOW clause as a plan: sizes in milliseconds; grace stays undefined here so the
// default-grace and emit-final-grace rules can decide it.
import { durationMs, type WindowExpression } from '../syntax/index.js';
import type { WindowPlan } from './logical-plan.js';

export function windowPlan(w: WindowExpression): WindowPlan {
  const base = {
    ...(w.grace ? { graceMs: durationMs(w.grace) } : {}),
    ...(w.retention ? { retentionMs: durationMs(w.retention) } : {}),
  };
  if (w.kind === 'TumblingWindow') {
    const size = durationMs(w.size);
    return { type: 'TUMBLING', sizeMs: size, advanceMs: size, gapMs: 0, ...base };
  }
  if (w.kind === 'HoppingWindow')
    return { type: 'HOPPING', sizeMs: durationMs(w.size), advanceMs: durationMs(w.advance), gapMs: 0, ...base };
  return { type: 'SESSION', sizeMs: 0, advanceMs: 0, gapMs: durationMs(w.gap), ...base };
}
