// A plan rule: a named, pure rewrite of the logical plan. The order lives in ./index.ts.
import type { LogicalPlan } from '../logical-plan.js';

export interface PlanRule {
  name: string;
  apply(plan: LogicalPlan): LogicalPlan;
}
