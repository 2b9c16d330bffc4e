// `ziem attack-sim campaign --duration 30m [--seed n] [--scenarios a,b] [--exclude-scenarios x]`:
// runs the campaign plan (campaign-plan.ts) of the chosen attacks (campaign-scenarios.ts) scenario
// after scenario through attack-sim's own runner, so each run passes the guardrails and writes its
// ground truth to ziem-attack-labels, the input of `ziem model dataset`. Many runs end
// before their planned time (a scan of a near host takes seconds), so when the plan is used up
// early the rest of the time is planned anew: the campaign lasts the duration asked for. A failed
// run is reported and the campaign goes on; a usage error stops it. Progress on stderr; the labels
// of the runs on stdout (JSON lines with --json).
import { emit, type Context } from '../../context.js';
import { runAttack } from '../attack-sim.js';
import type { TargetSandbox } from '../host-runner.js';
import { requireSandbox } from '../sandbox.js';
import { planCampaign, type PlannedRun } from './campaign-plan.js';
import { chooseScenarios, type ScenarioChoice } from './campaign-scenarios.js';
import type { GroundTruth } from './labels.js';
import { parseDuration } from './scenario.js';
import { UsageError } from '../../../core/errors/ziem-error.js';

export interface CampaignOptions extends ScenarioChoice {
  duration?: string;
  seed?: string;
}

/** The shortest rest of a campaign worth planning again (one normal run and one attack). */
const MIN_REST_MS = 20_000;
/** Failures in a row that stop the campaign: the sandbox or Kafka is gone, not one run's tool. */
const MAX_FAILURES_IN_A_ROW = 5;

function parse(o: CampaignOptions): { durationMs: number; seed: number } {
  try {
    const durationMs = parseDuration(o.duration ?? '30m');
    const seed = o.seed === undefined ? Date.now() % 2 ** 31 : Number(o.seed);
    if (!Number.isInteger(seed) || seed < 0) throw new RangeError(`--seed ${o.seed}: expected a non-negative integer`);
    return { durationMs, seed };
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export async function runCampaign(
  ctx: Context,
  scenarios: readonly string[],
  o: CampaignOptions,
  sandbox?: TargetSandbox,
): Promise<GroundTruth[]> {
  const { durationMs, seed } = parse(o);
  const attacks = chooseScenarios(scenarios, o);
  const layout = sandbox?.layout ?? requireSandbox(ctx).layout;
  const shape = {
    attacks,
    normalFrom: layout.hosts.map((h) => h.name),
  };
  let plan: PlannedRun[];
  try {
    plan = planCampaign({ ...shape, durationMs, seed });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const end = ctx.clock.now() + durationMs;
  ctx.log.info(
    `campaign: ${plan.length} runs planned over ${Math.round(durationMs / 1000)} s (seed ${seed}), attacks from ${attacks.join(', ')}`,
  );
  const labels: GroundTruth[] = [];
  let failed = 0;
  let inARow = 0;
  for (let i = 0, part = 1; ; i++) {
    if (i === plan.length) {
      const rest = end - ctx.clock.now();
      if (rest < MIN_REST_MS) break;
      plan = [...plan, ...planCampaign({ ...shape, durationMs: rest, seed: seed + part++ })];
      ctx.log.info(`campaign: ${Math.round(rest / 1000)} s left, ${plan.length - i} more runs planned`);
    }
    const run = plan[i]!;
    ctx.log.info(`campaign: run ${i + 1}/${plan.length}: ${run.scenario} for up to ${run.durationMs / 1000} s`);
    try {
      labels.push(
        await runAttack(
          { ...ctx, json: true, stdout: { write: () => true } },
          run.scenario,
          { ...run.options, duration: `${run.durationMs}ms` },
          sandbox,
        ),
      );
      inARow = 0;
    } catch (e) {
      if (e instanceof UsageError || ++inARow >= MAX_FAILURES_IN_A_ROW) throw e;
      failed++;
      ctx.log.warn(`campaign: run ${i + 1} (${run.scenario}) failed, going on: ${(e as Error).message}`);
    }
  }
  ctx.log.info(`campaign: ${labels.length} runs labelled, ${failed} failed`);
  for (const l of labels)
    emit(ctx, l, () => `${l.scenario}: ${l.src} → ${l.dst} ${new Date(l.startedAt).toISOString()}`);
  return labels;
}
