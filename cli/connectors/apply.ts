// `ziem connectors apply [--dry-run]`: reads connectors/*.json, resolves placeholders (values only in
// memory, added to ctx.secrets so every output masks them), plans against Connect's live configs, then
// PUTs what changed and waits until every connector and task is RUNNING, reporting FAILED traces.
import { resolve } from 'node:path';
import { emit, type Context } from '../context.js';
import { ConnectError, ZiemError } from '../../core/errors/ziem-error.js';
import { loadConnectorFiles, type ConnectorFile } from './connector-files.js';
import { forWorker, resolvePlaceholders } from './placeholders.js';
import { planConnectors, renderPlan, type ConnectorPlan, type DesiredConnector, type PlanStep } from './plan.js';
import { openSession, type ConnectSession, type ConnectorDeps } from './connect-session.js';
import { waitRunning } from './wait-running.js';
import { ConnectorFailedError, withSecretsRedacted } from './connector-errors.js';
import { renderFailures } from './readiness.js';

export interface ApplyOptions {
  dryRun: boolean;
}

export interface AppliedConnector {
  name: string;
  source: string;
  action: PlanStep['action'];
  /** RUNNING, or why not (FAILED, a timeout…). */
  state: string;
  tasks: number;
}

export interface ApplyResult {
  dryRun: boolean;
  plan: ConnectorPlan;
  applied: AppliedConnector[];
}

/**
 * Checks that every placeholder resolves (field by field, so one run reports every missing variable
 * or key), without sending what it resolves to: Connect gets the placeholders and its worker's
 * config providers resolve them, so secrets stay out of its REST API and config topic.
 */
function desiredFrom(ctx: Context, file: ConnectorFile, problems: string[]): DesiredConnector {
  for (const [key, value] of Object.entries(file.config)) {
    try {
      const resolved = resolvePlaceholders(
        { [key]: value },
        { env: ctx.env, baseDir: ctx.config.connectors.dir, source: file.source },
      );
      for (const s of resolved.secrets) if (!ctx.secrets.includes(s)) ctx.secrets.push(s);
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  const baseDir = resolve(ctx.config.connectors.dir);
  const raw = Object.fromEntries(Object.entries(file.config).map(([k, v]) => [k, forWorker(String(v), baseDir)]));
  // Connect adds `name` to the stored config; adding it here keeps re-applies free of spurious diffs.
  return {
    name: file.name,
    source: file.source,
    raw: { ...raw, name: file.name },
  };
}

function resolveAll(ctx: Context, files: readonly ConnectorFile[]): DesiredConnector[] {
  const problems: string[] = [];
  const desired = files.map((f) => desiredFrom(ctx, f, problems));
  if (problems.length > 0)
    throw new ZiemError('PLACEHOLDER', `cannot resolve connector placeholders:\n  ${problems.join('\n  ')}`, {
      hint: 'export the variables or fix the files named above; nothing was applied',
    });
  return desired;
}

async function liveConfigs(session: ConnectSession): Promise<Map<string, Record<string, string>>> {
  const all = await session.call((c) => c.connectorsExpanded());
  return new Map(Object.entries(all).map(([name, e]) => [name, e.info?.config ?? {}]));
}

async function putConfig(session: ConnectSession, step: PlanStep, d: DesiredConnector): Promise<void> {
  try {
    await session.call((c) => c.putConfig(step.name, d.raw as Record<string, string>));
  } catch (err) {
    // Connect's validation errors name the setting; the file is ours to add
    if (err instanceof ConnectError)
      throw new ConnectError(err.status, `${step.source}: ${err.message}`, {
        retriable: err.retriable,
        cause: err.cause,
      });
    throw err;
  }
}

/** Verdicts about one connector: the others are still applied. Anything else (Connect gone) stops. */
const OUTCOMES = new Set(['CONNECTOR_FAILED', 'CONNECTOR_HALTED', 'TIMEOUT']);

/** PUTs one step if it changes anything, then waits for RUNNING; failures become a result row. */
async function applyStep(
  ctx: Context,
  session: ConnectSession,
  step: PlanStep,
  d: DesiredConnector,
): Promise<AppliedConnector> {
  const row = { name: step.name, source: step.source, action: step.action };
  if (step.action !== 'unchanged') {
    ctx.log.info(
      `${step.action === 'create' ? 'creating' : 'updating'} ${step.name} from ${step.source} (${step.changes.length} settings differ)`,
    );
    await putConfig(session, step, d);
  }
  ctx.log.info(`waiting for ${step.name} and its tasks to be RUNNING`);
  try {
    const ok = await waitRunning(ctx, session, step.name);
    ctx.log.info(`${step.name}: RUNNING (${ok.tasks} task${ok.tasks === 1 ? '' : 's'})`);
    return { ...row, state: 'RUNNING', tasks: ok.tasks };
  } catch (err) {
    if (!(err instanceof ZiemError) || !OUTCOMES.has(err.code)) throw err;
    if (err instanceof ConnectorFailedError)
      ctx.log.warn(`${step.name} FAILED:\n${renderFailures(step.name, err.failures)}`);
    else ctx.log.warn(err.message);
    return { ...row, state: err instanceof ConnectorFailedError ? 'FAILED' : err.code, tasks: 0 };
  }
}

function humanResult(r: ApplyResult): string {
  if (r.dryRun) return renderPlan(r.plan);
  const verb: Record<PlanStep['action'], string> = { create: 'created', update: 'updated', unchanged: 'unchanged' };
  const lines = r.applied.map(
    (a) =>
      `${verb[a.action].padEnd(9)} ${a.name} (${a.source}): ${a.state}${a.state === 'RUNNING' ? `, ${a.tasks} task(s)` : ''}`,
  );
  if (r.plan.steps.every((s) => s.action === 'unchanged'))
    lines.push('nothing to apply: every connector is up to date');
  return lines.join('\n');
}

async function applyAll(ctx: Context, opts: ApplyOptions, deps: ConnectorDeps): Promise<ApplyResult> {
  const files = loadConnectorFiles(ctx.config.connectors.dir);
  if (files.length === 0) {
    ctx.log.info(`no connector files (*.json) in ${ctx.config.connectors.dir}: nothing to apply`);
    return { dryRun: opts.dryRun, plan: { steps: [], unmanaged: [] }, applied: [] };
  }
  const desired = resolveAll(ctx, files);
  const session = openSession(ctx, deps);
  const plan = planConnectors(desired, await liveConfigs(session));
  for (const n of plan.unmanaged) ctx.log.debug(`${n} is deployed but no file describes it: left alone`);
  if (opts.dryRun) return { dryRun: true, plan, applied: [] };
  const applied: AppliedConnector[] = [];
  for (const [i, step] of plan.steps.entries())
    applied.push(await applyStep(ctx, session, step, desired[i] as DesiredConnector));
  return { dryRun: false, plan, applied };
}

/** Prints the plan (dry run) or the outcome per connector; fails when any connector is not RUNNING. */
export async function runConnectorsApply(
  ctx: Context,
  opts: ApplyOptions,
  deps: ConnectorDeps = {},
): Promise<ApplyResult> {
  let result: ApplyResult;
  try {
    result = await applyAll(ctx, opts, deps);
  } catch (err) {
    throw withSecretsRedacted(err, ctx.secrets);
  }
  emit(ctx, result, () => humanResult(result));
  const bad = result.applied.filter((a) => a.state !== 'RUNNING');
  if (bad.length > 0)
    throw new ZiemError(
      'CONNECTORS_NOT_RUNNING',
      `${bad.length} of ${result.applied.length} connectors are not running: ${bad.map((b) => `${b.name} (${b.state})`).join(', ')}`,
      {
        hint: 'the traces are printed above; fix the cause, then apply again, or `ziem connectors restart <name>` for a transient failure',
      },
    );
  return result;
}
