// `ziem deploy [--target T] [--dry-run]`: the target plans, the plan is printed on stdout, and unless
// --dry-run the target applies it. A deployment that is up to date prints "nothing to do", exits 0.
import { emit, type Context } from '../context.js';
import { targetFor } from './index.js';
import { withGcpFlags, type GcpFlags } from './gcp/flags.js';
import type { AppliedStep, TargetName, TargetPlan } from './target.js';

export interface DeployOptions {
  target?: string;
  dryRun?: boolean;
  /** apply without asking (the gcp target asks before it creates billed resources) */
  yes?: boolean;
  /** --project, --region, --hosts, --capture: this run's overrides of the configuration */
  gcp?: GcpFlags;
}

export interface DeployResult {
  target: TargetName;
  dryRun: boolean;
  plan: TargetPlan;
  applied: AppliedStep[];
}

export async function deploy(given: Context, o: DeployOptions = {}): Promise<DeployResult> {
  const ctx = o.gcp ? withGcpFlags(given, o.gcp) : given;
  const target = targetFor(ctx, o.target);
  const plan = await target.plan(ctx);
  // the plan is the command's data; under --json (or inside smoke) it is still shown as progress
  const text = target.renderPlan(plan);
  if (ctx.json) ctx.log.info(text);
  else ctx.stdout.write(`${text}\n`);
  const result: DeployResult = { target: target.name, dryRun: o.dryRun ?? false, plan, applied: [] };
  if (o.dryRun || plan.steps.length === 0) return result;
  result.applied = await target.apply(ctx, plan, { yes: o.yes ?? false });
  ctx.log.info(`deploy: ${result.applied.length} step(s) applied; watch alerts with \`ziem alerts --follow\``);
  return result;
}

export async function run(ctx: Context, o: DeployOptions): Promise<void> {
  const result = await deploy(ctx, o);
  if (ctx.json) emit(ctx, result, () => '');
  else if (result.applied.length > 0)
    ctx.stdout.write(`deployed: ${result.applied.map((a) => `${a.step} (${a.seconds} s)`).join(', ')}\n`);
}
