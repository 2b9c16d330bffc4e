// `ziem attack-sim <scenario>`: resolves --from/--to against the running sandbox through the
// guardrails (before any tool runs), checks that Kafka takes the ground truth, runs the scenario
// on the source host (its namespace here; the target's container or VM when the command passes the
// target's sandbox), then writes its label to ziem-attack-labels.
import { UsageError } from '../../core/errors/ziem-error.js';
import { emit, type Context } from '../context.js';
import { SCENARIOS } from './attacks/index.js';
import { LABELS_TOPIC, labelRecord, type GroundTruth } from './attacks/labels.js';
import { parseDuration, type Scenario } from './attacks/scenario.js';
import { checkPair, checkSource, checkTarget } from './guardrails.js';
import { connectKafka } from './kafka-io.js';
import { netnsRunner, type TargetSandbox } from './host-runner.js';
import type { SandboxHost, SandboxLayout } from './layout.js';
import { requireRoot, requireTools } from './preflight.js';
import { requireSandbox } from './sandbox.js';
import { ownAddresses } from './sandbox-up.js';
import { sandboxDir } from './state.js';

/** Scenarios whose default run is not 30 s: normal traffic 60 s, the slow guesser 2 minutes. */
const DEFAULT_DURATION: Readonly<Record<string, string>> = { normal: '60s', 'slow-bruteforce': '2m' };

export interface AttackOptions {
  from?: string;
  to?: string;
  duration?: string;
  [option: string]: string | undefined;
}

function scenarioNamed(name: string): Scenario {
  const s = SCENARIOS[name];
  if (!s) throw new UsageError(`unknown scenario "${name}" (expected one of ${Object.keys(SCENARIOS).join(', ')})`);
  return s;
}

function byRole(layout: SandboxLayout, role: string, what: string): SandboxHost {
  const h = layout.hosts.find((x) => x.role === role);
  if (!h)
    throw new UsageError(
      `the sandbox has no ${role} host to use as ${what}; name one with ${what === 'source' ? '--from' : '--to'}`,
    );
  return h;
}

/** The pure part: which hosts, for how long; every refusal happens here, before any I/O. */
export function resolveRun(
  layout: SandboxLayout,
  own: readonly string[],
  s: Scenario,
  o: AttackOptions,
): { src: SandboxHost; dst: SandboxHost; durationMs: number } {
  let durationMs: number;
  try {
    durationMs = parseDuration(o.duration ?? DEFAULT_DURATION[s.name] ?? '30s');
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const src = checkSource(
    o.from ?? byRole(layout, s.name === 'normal' ? 'workstation' : 'attacker', 'source').name,
    layout,
  );
  const g = { layout, ownAddresses: own };
  const fallback = s.defaultTargetRole
    ? byRole(layout, s.defaultTargetRole, 'target')
    : layout.hosts.find((h) => h.name !== src.name);
  if (!o.to && !fallback) throw new UsageError('the sandbox has no other host to send traffic to');
  const dst = checkTarget(o.to ?? fallback!.name, g);
  checkPair(src, dst);
  return { src, dst, durationMs };
}

/** `sandbox`: the target's (compose, gcp); without it, the netns sandbox of this machine. */
export async function runAttack(
  ctx: Context,
  name: string,
  o: AttackOptions,
  sandbox?: TargetSandbox,
): Promise<GroundTruth> {
  const s = scenarioNamed(name);
  const st = sandbox ?? { layout: requireSandbox(ctx).layout, runner: netnsRunner };
  const { src, dst, durationMs } = resolveRun(st.layout, ownAddresses(), s, o);
  if (!sandbox) {
    requireRoot(`ziem attack-sim ${name}`);
    await requireTools([['ip', 'iproute2'], ...s.tools]);
  }
  // the label is the point of the run: make sure it can be written before sending anything
  const kafka = await connectKafka(ctx.config.kafka.bootstrap, 'ziem-attack-sim');
  try {
    await kafka.ensureTopic(LABELS_TOPIC);
    ctx.log.info(
      `attack-sim: ${name} from ${src.name} (${src.ip}) to ${o.to || s.name !== 'normal' ? `${dst.name} (${dst.ip})` : 'the sandbox hosts'} for up to ${durationMs} ms`,
    );
    const startedAt = ctx.clock.now();
    const params = await s.run(
      {
        layout: st.layout,
        src,
        dst,
        dir: sandboxDir(ctx.config.stateDir),
        durationMs,
        log: ctx.log,
        now: () => ctx.clock.now(),
        runner: st.runner,
      },
      o,
    );
    const endedAt = ctx.clock.now();
    const spread = s.name === 'normal' && !o.to;
    const label: GroundTruth = {
      scenario: name,
      src: src.ip,
      dst: spread ? st.layout.cidr : dst.ip,
      startedAt,
      endedAt,
      params: { ...params, srcHost: src.name, ...(spread ? {} : { dstHost: dst.name }), durationMs },
    };
    await kafka.send(LABELS_TOPIC, [labelRecord(label)]);
    emit(
      ctx,
      label,
      () =>
        `${name}: ${src.ip} → ${label.dst} from ${new Date(startedAt).toISOString()} to ${new Date(endedAt).toISOString()}\n${JSON.stringify(label.params)}`,
    );
    return label;
  } finally {
    await kafka.close();
  }
}
