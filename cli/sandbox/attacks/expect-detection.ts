// `ziem attack-sim <scenario> --expect-detection [--timeout 60s]`: follows ALERTS from before the
// attack, runs the scenario, then waits until an alert matches the run (expect-detection-match.ts)
// or the timeout passes from the attack's start. Reports the seconds from attack start to the alert.
import { emit, type Context } from '../../context.js';
import { ZiemError } from '../../../core/errors/ziem-error.js';
import { openAlertFeed } from '../../alerts/alerts.js';
import type { Alert } from '../../alerts/alert-record.js';
import { runAttack, type AttackOptions } from '../attack-sim.js';
import type { TargetSandbox } from '../host-runner.js';
import { expectedKinds, matchesRun } from './expect-detection-match.js';
import type { GroundTruth } from './labels.js';

export interface Detection {
  scenario: string;
  src: string;
  dst: string;
  detected: boolean;
  /** Attack start to the moment the matching alert was read; null when not detected. */
  seconds: number | null;
  alert: Alert | null;
}

export class NotDetectedError extends ZiemError {
  readonly detection: Detection;
  constructor(d: Detection, timeoutMs: number) {
    super('NOT_DETECTED', `${d.scenario} from ${d.src} was not detected within ${timeoutMs / 1000} s of its start`, {
      hint: 'check `ziem alerts`, `ziem capture status` and that `ziem deploy` has nothing left to do',
    });
    this.detection = d;
  }
}

type Seen = { alert: Alert; at: number };

/** Runs the scenario with a feed open, and resolves with the detection (detected or not). */
export async function attackAndDetect(
  ctx: Context,
  scenario: string,
  o: AttackOptions,
  timeoutMs: number,
  sandbox?: TargetSandbox,
): Promise<Detection> {
  expectedKinds(scenario);
  const seen: Seen[] = [];
  let wake: () => void = () => undefined;
  const feed = openAlertFeed(ctx.config.kafka.bootstrap, (a, at) => {
    if (a) seen.push({ alert: a, at });
    wake();
  });
  try {
    await feed.ready;
    // the run's own record goes to stderr: stdout carries the detection only
    const label: GroundTruth = await runAttack({ ...ctx, json: false, stdout: ctx.stderr }, scenario, o, sandbox);
    const run = { scenario, src: label.src, dst: label.dst, startedAt: label.startedAt };
    const deadline = label.startedAt + timeoutMs;
    for (;;) {
      const hit = seen.find((s) => s.at >= label.startedAt && s.at <= deadline && matchesRun(s.alert, run));
      if (hit)
        return {
          scenario,
          src: label.src,
          dst: label.dst,
          detected: true,
          seconds: Math.round((hit.at - label.startedAt) / 100) / 10,
          alert: hit.alert,
        };
      // an alert read after the deadline (a long flood) is a miss, not a late detection
      const left = deadline - ctx.clock.now();
      if (left <= 0) return { scenario, src: label.src, dst: label.dst, detected: false, seconds: null, alert: null };
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 500));
        wake = () => (clearTimeout(t), resolve());
      });
    }
  } finally {
    await feed.close();
  }
}

export async function runExpectDetection(
  ctx: Context,
  scenario: string,
  o: AttackOptions,
  timeoutMs: number,
  sandbox?: TargetSandbox,
): Promise<Detection> {
  const d = await attackAndDetect(ctx, scenario, o, timeoutMs, sandbox);
  emit(ctx, d, () =>
    d.detected
      ? `detected: ${d.alert?.kind} on ${d.src} → ${d.alert?.dst ?? '*'} ${d.seconds} s after the attack started`
      : `not detected: no ${expectedKinds(scenario).join(' or ')} alert from ${d.src} within ${timeoutMs / 1000} s`,
  );
  if (!d.detected) throw new NotDetectedError(d, timeoutMs);
  return d;
}
