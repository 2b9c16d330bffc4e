// `ziem deploy --target local`: reads the live state, plans (plan.ts), prints the plan on stdout,
// and unless --dry-run applies it. A deployment that is up to date prints "nothing to do" and exits 0.
import { emit, type Context } from '../../context.js';
import { UsageError } from '../../../core/errors/ziem-error.js';
import { applyPlan, type AppliedStep } from './apply.js';
import { desiredState, readLiveState } from './live-state.js';
import { planDeploy, renderPlan, type DeployPlan } from './plan.js';

export interface DeployOptions {
  target?: string;
  dryRun?: boolean;
}

export interface DeployResult {
  target: 'local';
  dryRun: boolean;
  plan: DeployPlan;
  applied: AppliedStep[];
}

export function checkTarget(ctx: Context, target: string | undefined): 'local' {
  const t = target ?? ctx.config.target;
  if (t !== 'local')
    throw new UsageError(`target "${t}" is not supported by this ziem yet; only the local target deploys`, {
      hint: 'use --target local',
    });
  return t;
}

export async function computePlan(ctx: Context): Promise<DeployPlan> {
  const live = await readLiveState(ctx);
  return planDeploy(await desiredState(ctx, live), live);
}

export async function deploy(ctx: Context, o: DeployOptions = {}): Promise<DeployResult> {
  const target = checkTarget(ctx, o.target);
  const plan = await computePlan(ctx);
  // the plan is the command's data; under --json (or inside smoke) it is still shown as progress
  if (ctx.json) ctx.log.info(renderPlan(plan));
  else ctx.stdout.write(`${renderPlan(plan)}\n`);
  const result: DeployResult = { target, dryRun: o.dryRun ?? false, plan, applied: [] };
  if (o.dryRun || plan.steps.length === 0) return result;
  result.applied = await applyPlan(ctx, plan);
  ctx.log.info(`deploy: ${result.applied.length} step(s) applied; watch alerts with \`ziem alerts --follow\``);
  return result;
}

export async function run(ctx: Context, o: DeployOptions): Promise<void> {
  const result = await deploy(ctx, o);
  if (ctx.json) emit(ctx, result, () => '');
  else if (result.applied.length > 0)
    ctx.stdout.write(`deployed: ${result.applied.map((a) => `${a.step} (${a.seconds} s)`).join(', ')}\n`);
}
