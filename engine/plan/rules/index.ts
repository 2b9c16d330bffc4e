// The rule order. Grace decisions come first (EMIT FINAL's zero default must win over the
// 24-hour default), then nodes that copy the decided grace.
import type { LogicalPlan } from '../logical-plan.js';
import { defaultGrace } from './default-grace.js';
import { emitFinalFromWindow } from './emit-final-from-window.js';
import { emitFinalGrace } from './emit-final-grace.js';
import type { PlanRule } from './rule.js';

export const RULES: readonly PlanRule[] = [emitFinalGrace, defaultGrace, emitFinalFromWindow];

export function applyRules(plan: LogicalPlan): LogicalPlan {
  return RULES.reduce((p, r) => r.apply(p), plan);
}
