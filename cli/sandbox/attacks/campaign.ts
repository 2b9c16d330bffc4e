// `ziem attack-sim campaign --duration 30m [--seed n]`: runs the campaign plan (campaign-plan.ts)
// scenario after scenario through attack-sim's own runner, so each run passes the guardrails and
// writes its ground truth to ziem-attack-labels, the input of `ziem model dataset`. Progress on
// stderr; the labels of the runs on stdout (JSON lines with --json).
import { emit, type Context } from '../../context.js';
import { runAttack } from '../attack-sim.js';
import type { TargetSandbox } from '../host-runner.js';
import { NORMAL, planCampaign } from './campaign-plan.js';
import type { GroundTruth } from './labels.js';
import { parseDuration } from './scenario.js';
import { UsageError } from '../../../core/errors/ziem-error.js';

export interface CampaignOptions {
  duration?: string;
  seed?: string;
}

export async function runCampaign(
  ctx: Context,
  scenarios: readonly string[],
  o: CampaignOptions,
  sandbox?: TargetSandbox,
): Promise<GroundTruth[]> {
  let durationMs: number;
  let seed: number;
  let plan;
  try {
    durationMs = parseDuration(o.duration ?? '30m');
    seed = o.seed === undefined ? Date.now() % 2 ** 31 : Number(o.seed);
    if (!Number.isInteger(seed) || seed < 0) throw new RangeError(`--seed ${o.seed}: expected a non-negative integer`);
    plan = planCampaign({ durationMs, seed, attacks: scenarios.filter((s) => s !== NORMAL) });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  ctx.log.info(`campaign: ${plan.length} runs over ${Math.round(durationMs / 1000)} s (seed ${seed})`);
  const labels: GroundTruth[] = [];
  for (const [i, run] of plan.entries()) {
    ctx.log.info(`campaign: run ${i + 1}/${plan.length}: ${run.scenario} for ${run.durationMs / 1000} s`);
    labels.push(
      await runAttack(
        { ...ctx, json: true, stdout: { write: () => true } },
        run.scenario,
        {
          ...run.options,
          duration: `${run.durationMs}ms`,
        },
        sandbox,
      ),
    );
  }
  for (const l of labels)
    emit(ctx, l, () => `${l.scenario}: ${l.src} → ${l.dst} ${new Date(l.startedAt).toISOString()}`);
  return labels;
}
