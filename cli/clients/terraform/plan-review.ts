// What a person sees before anything is created or destroyed: the plan's resources and summary,
// the estimated hourly cost, and a confirmation (--yes skips it; no terminal and no --yes is a
// refusal, never a silent yes). Rendering is pure; the confirmation is injected.
import { UsageError } from '../../../core/errors/ziem-error.js';
import type { CostEstimate } from './gcp-cost.js';
import type { PlanResult } from './terraform-client.js';

export function renderPlan(plan: PlanResult, cost: CostEstimate | undefined): string[] {
  const s = plan.summary;
  const lines = [`Plan: ${s.add} to add, ${s.change} to change, ${s.remove} to destroy.`];
  const byAction = new Map<string, string[]>();
  for (const c of plan.changes) byAction.set(c.action, [...(byAction.get(c.action) ?? []), c.resource.addr]);
  for (const [action, addrs] of byAction) lines.push(`  ${action}: ${addrs.join(', ')}`);
  if (cost) {
    lines.push(`Estimated cost while it runs: $${cost.usdPerHour.toFixed(3)}/hour`);
    for (const l of cost.lines)
      lines.push(
        `  ${l.count > 1 ? `${l.count} x ` : ''}${l.what}: ${l.usdPerHour === undefined ? 'price unknown' : `$${l.usdPerHour.toFixed(4)}/h`}`,
      );
    if (cost.unknown.length > 0) lines.push(`  not in the price table (not counted): ${cost.unknown.join(', ')}`);
    lines.push(`  prices: ${cost.source}`);
  }
  return lines;
}

export type Confirm = (question: string) => Promise<boolean>;

/** Whether to apply: yes with --yes, the answer when a terminal can ask, an error otherwise. */
export async function confirmApply(o: {
  yes: boolean;
  confirm: Confirm | undefined;
  question: string;
}): Promise<boolean> {
  if (o.yes) return true;
  if (!o.confirm)
    throw new UsageError('no terminal to confirm the plan on', {
      hint: 'read the plan above and pass --yes to apply it',
    });
  return o.confirm(o.question);
}
